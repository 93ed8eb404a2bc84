"""Marshmallow schemas of the split and split change request endpoints.

Bodies are checked here for shape only (types, required fields); the rules of a split (known
participants and territories, shares summing to 100 %, CWR publisher share, periods) are
checked by ``app.services.split_rules`` so that one 422 lists every problem at once.
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.api.schemas import OwnershipSliceOut, PageArgs
from app.services.change_requests import DECISIONS, STATUSES

class SplitOwnerIn(Schema):
    """One owner of a proposed split: ``share`` percent; ``validFrom`` defaults to the split's
    effective date; ``validTo`` exclusive, null = open."""

    participantId = fields.String(required=True)
    share = fields.Decimal(required=True, places=None, metadata={"description": "percent, up to 4 decimals"})
    role = fields.String(load_default="owner")
    territories = fields.List(fields.String(), load_default=lambda: ["WORLD"])
    excluded = fields.List(fields.String(), load_default=list)
    validFrom = fields.Date(load_default=None, allow_none=True)
    validTo = fields.Date(load_default=None, allow_none=True)


class SplitIn(Schema):
    """PUT /api/rights/splits/{assetId}/{rightType}: the whole new split from ``effectiveFrom``."""

    effectiveFrom = fields.Date(required=True)
    owners = fields.List(fields.Nested(SplitOwnerIn), required=True)


class SplitOut(Schema):
    assetId = fields.String()
    rightType = fields.String()
    effectiveFrom = fields.Date()
    owners = fields.List(fields.Nested(OwnershipSliceOut))
    superseded = fields.List(fields.Nested(OwnershipSliceOut))


class SplitAtOut(Schema):
    assetId = fields.String()
    rightType = fields.String()
    asOf = fields.Date()
    owners = fields.List(fields.Nested(OwnershipSliceOut))


class ChangeRequestIn(SplitIn):
    """POST /api/splits/change-requests: a proposed split of ``assetId``'s ``rightType``."""

    assetId = fields.String(required=True, metadata={"description": "workId or recordingId"})
    rightType = fields.String(required=True)
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class DecisionIn(Schema):
    """An approval or rejection. A participant token decides for itself (``participantId`` may
    be omitted); an admin decides on a party's behalf and must give ``participantId`` and a ``note``."""

    participantId = fields.String(load_default=None, allow_none=True)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class _PartyDecisionOut(Schema):
    participantId = fields.String()
    decision = fields.String(validate=validate.OneOf(("pending", *DECISIONS)))
    decidedAt = fields.DateTime(allow_none=True)
    decidedBy = fields.String(allow_none=True)
    note = fields.String(allow_none=True)


class ChangeRequestOut(Schema):
    requestId = fields.String()
    assetId = fields.String()
    rightType = fields.String()
    effectiveFrom = fields.Date()
    status = fields.String(validate=validate.OneOf(STATUSES))
    owners = fields.List(fields.Nested(SplitOwnerIn))
    reason = fields.String(allow_none=True)
    requestedBy = fields.String(allow_none=True)
    createdAt = fields.DateTime()
    closedAt = fields.DateTime(allow_none=True)
    parties = fields.List(fields.Nested(_PartyDecisionOut))


class ChangeRequestListArgs(PageArgs):
    assetId = fields.String(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
