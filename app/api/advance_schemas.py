"""Marshmallow schemas of advances (``/api/advances``, ``/api/money/advances/{participantId}``)
and of the Money Hub disputes payload (``/api/money/disputes/{participantId}``): camelCase,
amounts and percents exact JSON numbers, lists ``[]`` when empty. Each response documents an
example payload in OpenAPI."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.api.schemas import Amount
from app.services.advance_offers import OFFER_BUCKETS
from app.services.advances import STATUSES
from app.services.disputes import STATUSES as DISPUTE_STATUSES

OFFER_STATUSES = ("open", "accepted", "superseded")
ROLES = ("raiser", "involved")


class OfferArgs(Schema):
    participantId = fields.String(required=True)


class AcceptIn(Schema):
    """POST /api/advances body: the offer to accept."""

    offerId = fields.String(required=True, validate=validate.Length(min=1))


class OfferOut(Schema):
    offerId = fields.String()
    participantId = fields.String()
    amount = Amount()
    currency = fields.String()
    recoupPercentOfNetRoyalties = Amount(metadata={"description": "percent of net royalties recouped"})
    buckets = fields.List(fields.String(validate=validate.OneOf(OFFER_BUCKETS)))
    estimatedPayoffMonths = fields.Integer()
    expiresAt = fields.DateTime()
    status = fields.String(validate=validate.OneOf(OFFER_STATUSES))


class OffersOut(Schema):
    participantId = fields.String()
    offers = fields.List(fields.Nested(OfferOut))


class AdvanceOut(Schema):
    advanceId = fields.String()
    offerId = fields.String()
    participantId = fields.String()
    amount = Amount()
    currency = fields.String()
    recoupPercentOfNetRoyalties = Amount()
    buckets = fields.List(fields.String(validate=validate.OneOf(OFFER_BUCKETS)))
    recoupedAmount = Amount()
    remainingToRecoup = Amount()
    estimatedPayoffDate = fields.String(allow_none=True, metadata={"description": "ISO date; null once recouped"})
    status = fields.String(validate=validate.OneOf(STATUSES))
    grantedAt = fields.DateTime()
    recoupedAt = fields.DateTime(allow_none=True)


class _AdvanceTotals(Schema):
    advanced = Amount()
    recouped = Amount()
    remainingToRecoup = Amount()


class MoneyAdvancesOut(Schema):
    participantId = fields.String()
    currency = fields.String()
    offers = fields.List(fields.Nested(OfferOut))
    active = fields.List(fields.Nested(AdvanceOut))
    history = fields.List(fields.Nested(AdvanceOut))
    totals = fields.Nested(_AdvanceTotals)


class _Asset(Schema):
    type = fields.String(validate=validate.OneOf(("work", "recording")))
    id = fields.String()
    title = fields.String(allow_none=True)


class _Counterparty(Schema):
    participantId = fields.String()
    name = fields.String(allow_none=True)
    role = fields.String(validate=validate.OneOf(ROLES))


class _MoneyDispute(Schema):
    disputeId = fields.String()
    asset = fields.Nested(_Asset)
    rightType = fields.String(allow_none=True)
    status = fields.String(validate=validate.OneOf(DISPUTE_STATUSES))
    role = fields.String(validate=validate.OneOf(ROLES))
    openedAt = fields.DateTime()
    updatedAt = fields.DateTime(allow_none=True)
    closedAt = fields.DateTime(allow_none=True)
    counterparties = fields.List(fields.Nested(_Counterparty))
    frozenAmount = Amount(metadata={"description": "this participant's money frozen under the dispute now"})
    releasedAmount = Amount(metadata={"description": "what it had frozen, released when the dispute closed"})
    reason = fields.String()


class _DisputeTotals(Schema):
    frozenTotal = Amount()
    active = fields.Integer(metadata={"description": "disputes open or in review"})
    total = fields.Integer()


class MoneyDisputesOut(Schema):
    participantId = fields.String()
    currency = fields.String()
    disputes = fields.List(fields.Nested(_MoneyDispute))
    totals = fields.Nested(_DisputeTotals)


OFFER_EXAMPLE = {"offerId": "OFR-000001", "participantId": "PART-000001", "amount": 1200, "currency": "USD",
                 "recoupPercentOfNetRoyalties": 50, "buckets": ["master", "publishing"], "estimatedPayoffMonths": 12,
                 "expiresAt": "2025-12-31T12:00:00+00:00", "status": "open"}
ADVANCE_EXAMPLE = {"advanceId": "ADV-000001", "offerId": "OFR-000001", "participantId": "PART-000001",
                   "amount": 1200, "currency": "USD", "recoupPercentOfNetRoyalties": 50,
                   "buckets": ["master", "publishing"], "recoupedAmount": 310.25, "remainingToRecoup": 889.75,
                   "estimatedPayoffDate": "2026-09-01", "status": "active",
                   "grantedAt": "2025-12-01T12:00:00+00:00", "recoupedAt": None}
OFFERS_EXAMPLE = {"participantId": "PART-000001", "offers": [OFFER_EXAMPLE]}
MONEY_ADVANCES_EXAMPLE = {"participantId": "PART-000001", "currency": "USD", "offers": [], "active": [ADVANCE_EXAMPLE],
                          "history": [], "totals": {"advanced": 1200, "recouped": 310.25, "remainingToRecoup": 889.75}}
MONEY_DISPUTES_EXAMPLE = {
    "participantId": "PART-000001", "currency": "USD",
    "disputes": [{"disputeId": "DSP-000001", "asset": {"type": "recording", "id": "REC-000001", "title": "Block Talk"},
                  "rightType": "master", "status": "open", "role": "raiser",
                  "openedAt": "2025-11-02T09:30:00+00:00", "updatedAt": "2025-11-02T09:30:00+00:00", "closedAt": None,
                  "counterparties": [{"participantId": "PART-000002", "name": "Label", "role": "involved"}],
                  "frozenAmount": 212.5, "releasedAmount": 0, "reason": "the producer split was never agreed"}],
    "totals": {"frozenTotal": 212.5, "active": 1, "total": 1},
}
