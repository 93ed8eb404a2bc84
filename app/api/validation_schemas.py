"""Marshmallow schemas of the split validation and data-quality issue API."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.api.schemas import PageArgs


class ValidateIn(Schema):
    """POST /api/rights/validate body; no assetId validates the whole graph."""

    assetId = fields.String(load_default=None, allow_none=True, metadata={"description": "workId or recordingId"})


class IssueOut(Schema):
    issueId = fields.String()
    key = fields.String()
    kind = fields.String()
    severity = fields.String()
    status = fields.String()
    entityId = fields.String(allow_none=True)
    message = fields.String()
    witness = fields.Dict(metadata={"description": "the evidence: for splits {assetId, rightType, country, "
                                                   "restOfWorld, date, until, total (percent), owners}"})
    firstSeenAt = fields.DateTime()
    lastSeenAt = fields.DateTime()
    resolvedAt = fields.DateTime(allow_none=True)


class FoundIssueOut(Schema):
    """An issue as a validation run recorded it (``created``: first seen in this run)."""

    issueId = fields.String()
    kind = fields.String()
    entityId = fields.String()
    key = fields.String()
    message = fields.String()
    witness = fields.Dict()
    created = fields.Boolean()


class ValidationSummaryOut(Schema):
    assetsChecked = fields.Integer()
    findings = fields.Dict(keys=fields.String(), values=fields.Integer(),
                           metadata={"description": "count per kind: split_gap, split_overlap, publisher_share"})
    disputesOpened = fields.Integer()
    disputeIds = fields.List(fields.String())
    resolved = fields.Integer(metadata={"description": "open issues no longer found, now resolved"})
    issues = fields.List(fields.Nested(FoundIssueOut))
    issuesOmitted = fields.Integer(metadata={"description": "issues recorded but not listed here"})
    queued = fields.Boolean(metadata={"description": "true: a worker runs it; the counts are not known yet"})


class IssueListArgs(PageArgs):
    kind = fields.String(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf(("open", "resolved")))
    entityId = fields.String(load_default=None)
