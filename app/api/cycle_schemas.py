"""Marshmallow schemas of the royalty cycles API (issue 7 item 4): shape only — the territory,
the period and the currency are checked by app.services.cycles, so one 422 lists every problem."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.api.schemas import Amount, PageArgs
from app.services.partners import percent
from graph.reciprocal_schema import CYCLE_STATUSES


class CycleIn(Schema):
    """POST /api/royalties/cycles body: a territory and a period label, or periodStart and
    periodEnd (exclusive)."""

    territory = fields.String(required=True, validate=validate.Length(min=1, max=20),
                              metadata={"description": "territory code whose stations' plays the cycle counts (GH)"})
    period = fields.String(load_default=None, allow_none=True, metadata={
        "description": "2025-Q1 | 2025-H1 | 2025 | 2025-03 | 2025-01-15..2025-04-15 (end exclusive)"})
    periodStart = fields.Date(load_default=None, allow_none=True)
    periodEnd = fields.Date(load_default=None, allow_none=True, metadata={"description": "exclusive"})
    adminFeePercent = fields.Decimal(load_default=None, allow_none=True, places=None, validate=percent, metadata={
        "description": "overrides every agreement's and partner's admin fee in this cycle (0-100, ≤ 4 decimals)"})
    currency = fields.String(load_default=None, allow_none=True,
                             validate=validate.Regexp(r"^[A-Z]{3}$", error="an ISO 4217 code such as GHS"),
                             metadata={"description": "default: the currency of the territory's stations"})


class CycleListArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(CYCLE_STATUSES))
    territory = fields.String(load_default=None)


class LineItemArgs(PageArgs):
    partner = fields.String(load_default=None, metadata={"description": "participantId or society code"})
    workId = fields.String(load_default=None)


class PartnerTotalsOut(Schema):
    partnerCode = fields.String()
    usageCount = fields.Integer()
    lineItems = fields.Integer()
    gross = Amount()
    fee = Amount()
    net = Amount()
    entryId = fields.String(allow_none=True, metadata={"description": "its reciprocal_cycle_close journal entry"})


class TotalsOut(Schema):
    usageCount = fields.Integer()
    gross = Amount()
    fee = Amount()
    net = Amount()
    partners = fields.List(fields.Nested(PartnerTotalsOut))


class CycleOut(Schema):
    cycleId = fields.String()
    territory = fields.String()
    period = fields.String()
    periodStart = fields.Date()
    periodEnd = fields.Date(metadata={"description": "exclusive"})
    adminFeePercent = Amount(allow_none=True)
    currency = fields.String()
    status = fields.String(metadata={"description": "Open → Locked → Invoiced → Remitted"})
    lineItems = fields.Integer()
    totals = fields.Nested(TotalsOut, allow_none=True, metadata={"description": "null while Open"})
    createdAt = fields.DateTime()
    createdBy = fields.String(allow_none=True)
    closedAt = fields.DateTime(allow_none=True)
    closedBy = fields.String(allow_none=True)


class LineItemOut(Schema):
    lineItemId = fields.String()
    cycleId = fields.String()
    partnerCode = fields.String()
    agreementId = fields.String(allow_none=True)
    workId = fields.String(allow_none=True)
    recordingId = fields.String(allow_none=True)
    iswc = fields.String(allow_none=True)
    isrc = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    usageCount = fields.Integer()
    durationSeconds = fields.Integer(allow_none=True)
    gross = Amount()
    fee = Amount()
    net = Amount()
    adminFeePercent = Amount()
    currency = fields.String()
    notes = fields.String(allow_none=True, metadata={"description": "how it was calculated"})
