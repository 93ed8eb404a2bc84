"""Schemas of the remittances API (issue 7 item 6): remit a cycle to a partner, status changes,
the remittance, the list and statement arguments."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.api.payout_schemas import PayoutEventOut
from app.api.schemas import Amount, PageArgs
from app.api.wallet_schemas import Currency
from app.services.partners import percent
from app.services.remittance_statement import MIMETYPES
from app.services.remittances import STATUSES

_DECIMAL = r"^\d{1,24}(\.\d{1,24})?$"


class FxIn(Schema):
    """The rate the partner is paid at: 1 unit of the cycle's currency = ``rate`` ``to``."""

    to = Currency(required=True,
                  metadata={"description": "the partner's currency (its remittanceRequirements.currency)"})
    rate = fields.String(required=True,
                         validate=validate.Regexp(_DECIMAL, error="a positive decimal string, e.g. '0.0851'"),
                         metadata={"description": "decimal string, never a float"})
    source = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=200),
                           metadata={"description": "where the rate comes from (default 'manual')"})
    date = fields.Date(load_default=None, allow_none=True,
                       metadata={"description": "the day it applies to (default today)"})


class RemitIn(Schema):
    """POST .../partners/{pid}/remit body (every field optional)."""

    withholdingTaxPercent = fields.Decimal(load_default=None, allow_none=True, places=None, validate=percent,
                                           metadata={"description": "default: the partner's remittanceRequirements"
                                                                    ".withholdingTaxPercent, else 0"})
    fx = fields.Nested(FxIn, load_default=None, allow_none=True,
                       metadata={"description": "required when the partner is paid in another currency"})
    reference = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=200),
                              metadata={"description": "our invoice or remittance advice reference"})


class RemittanceStatusIn(Schema):
    """POST /api/remittances/{id}/status body."""

    status = fields.String(required=True, validate=validate.OneOf(STATUSES), metadata={
        "description": "Sent (from Pending), Settled (from Sent), Failed (from Pending or Sent), "
                       "Pending (retry a Failed one)"})
    reference = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=200),
                              metadata={"description": "the bank transfer's reference (Sent, Settled)"})
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=2000))

    @validates_schema
    def _reason(self, data, **_):
        if data["status"] == "Failed" and not data["reason"]:
            raise ValidationError({"reason": ["say why the remittance failed"]})


class RemittanceListArgs(PageArgs):
    cycleId = fields.String(load_default=None)
    partner = fields.String(load_default=None, metadata={"description": "participantId or society code"})
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))


class StatementArgs(Schema):
    format = fields.String(load_default="csv", validate=validate.OneOf(MIMETYPES),
                           metadata={"description": "csv | pdf"})


class FxOut(Schema):
    from_ = fields.String(attribute="from", data_key="from")
    to = fields.String()
    rate = fields.String()
    source = fields.String()
    date = fields.String()


class RemittanceOut(Schema):
    remittanceId = fields.String()
    cycleId = fields.String()
    period = fields.String()
    territory = fields.String()
    periodStart = fields.Date()
    periodEnd = fields.Date(metadata={"description": "exclusive"})
    cycleStatus = fields.String()
    partnerCode = fields.String()
    partnerId = fields.String()
    partnerName = fields.String()
    currency = fields.String(metadata={"description": "the cycle's: every amount below but remitted"})
    gross = Amount()
    fee = Amount(metadata={"description": "admin fee"})
    net = Amount()
    withholdingTaxPercent = Amount()
    withholding = Amount()
    payable = Amount(metadata={"description": "net − withholding: what leaves for the partner"})
    fx = fields.Nested(FxOut, allow_none=True)
    remittedCurrency = fields.String(allow_none=True)
    remitted = Amount(allow_none=True, metadata={"description": "payable × fx.rate in remittedCurrency"})
    status = fields.String(metadata={"description": "Pending | Sent | Settled | Failed"})
    reference = fields.String(allow_none=True)
    reason = fields.String(allow_none=True)
    attempts = fields.Integer(metadata={"description": "times Sent"})
    entryIds = fields.List(fields.String())
    allowedTransitions = fields.List(fields.String())
    createdAt = fields.DateTime()
    createdBy = fields.String()
    sentAt = fields.DateTime(allow_none=True)
    settledAt = fields.DateTime(allow_none=True)
    failedAt = fields.DateTime(allow_none=True)
    history = fields.List(fields.Nested(PayoutEventOut))
