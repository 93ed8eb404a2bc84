"""Marshmallow schemas of the disputes API."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.api.schemas import PageArgs
from app.services.disputes import STATUSES
from importers.catalog import RIGHT_TYPES


class DisputeIn(Schema):
    """POST /api/disputes body."""

    assetId = fields.String(required=True, metadata={"description": "workId or recordingId the dispute is about"})
    rightType = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(RIGHT_TYPES),
                              metadata={"description": "the right in dispute (none: the whole asset)"})
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    raisedBy = fields.String(required=True, metadata={"description": "participantId of the party raising it"})
    involves = fields.List(fields.String(), load_default=list,
                           metadata={"description": "participantIds of the other parties"})


class DisputePatch(Schema):
    """PATCH /api/disputes/{id} body: the new status and why."""

    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class DisputeListArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    assetId = fields.String(load_default=None)
    participantId = fields.String(load_default=None, metadata={"description": "raised by or involving"})


class DisputeEventOut(Schema):
    at = fields.DateTime()
    actor = fields.String()
    action = fields.String()
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)


class DisputeOut(Schema):
    disputeId = fields.String()
    status = fields.String()
    reason = fields.String()
    rightType = fields.String(allow_none=True)
    origin = fields.String(metadata={"description": "manual | validator"})
    issueId = fields.String(allow_none=True, metadata={"description": "the validator finding it was opened from"})
    assetId = fields.String()
    assetKind = fields.String()
    raisedBy = fields.String(allow_none=True)
    involves = fields.List(fields.String())
    openedAt = fields.DateTime()
    updatedAt = fields.DateTime(allow_none=True)
    closedAt = fields.DateTime(allow_none=True)
    history = fields.List(fields.Nested(DisputeEventOut))
