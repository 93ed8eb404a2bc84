"""Marshmallow schemas of the withdrawals and pool APIs."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.api.schemas import Amount, PageArgs
from app.services.withdrawals import STATUSES


class WithdrawalIn(Schema):
    """POST /api/withdrawals."""

    requesterId = fields.String(required=True, metadata={"description": "who asks (a participant token: itself)"})
    forParticipantId = fields.String(load_default=None, allow_none=True,
                                     metadata={"description": "a publisher's signed artist; default the requester"})
    amount = fields.Decimal(required=True, places=None)
    currency = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{3}$", error="an ISO 4217 code"))
    methodId = fields.String(load_default=None, allow_none=True,
                             metadata={"description": "the requester's payout method (default: its default one)"})
    idempotencyKey = fields.String(required=True, validate=validate.Length(min=1, max=200))


class WithdrawalRejectIn(Schema):
    reason = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class WithdrawalListArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    participantId = fields.String(load_default=None, metadata={"description": "requested by or for"})


class WithdrawalEventOut(Schema):
    at = fields.DateTime()
    actor = fields.String()
    action = fields.String()
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)


class WithdrawalOut(Schema):
    withdrawalId = fields.String()
    requesterId = fields.String()
    forParticipantId = fields.String()
    poolAccountId = fields.String()
    amount = Amount()
    currency = fields.String()
    status = fields.String(metadata={"description": "pending | approved | processed | rejected"})
    transferStatus = fields.String(allow_none=True, metadata={"description": "requested | paid | declined"})
    transferReference = fields.String(allow_none=True)
    provider = fields.String(allow_none=True, metadata={"description": "the payout method's type"})
    methodId = fields.String(allow_none=True)
    destinationLabel = fields.String(allow_none=True)
    payoutId = fields.String(allow_none=True)
    transferError = fields.String(allow_none=True, metadata={"description": "why the payout step refused (approved)"})
    reason = fields.String(allow_none=True)
    requestedBy = fields.String(allow_none=True)
    requestedAt = fields.DateTime()
    decidedBy = fields.String(allow_none=True)
    decidedAt = fields.DateTime(allow_none=True)
    processedAt = fields.DateTime(allow_none=True)
    history = fields.List(fields.Nested(WithdrawalEventOut))


class PoolArgs(Schema):
    currency = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{3}$", error="an ISO 4217 code"))


class PoolOut(Schema):
    currency = fields.String()
    balance = Amount(metadata={"description": "the central pool: unallocated + entitlements"})
    unallocated = Amount()
    entitlements = Amount()
    payees = fields.Integer()
    stations = Amount(metadata={"description": "Σ station balances"})
    deposited = Amount(metadata={"description": "Σ money that came in (station top-ups)"})
    withdrawn = Amount(metadata={"description": "Σ that left the pool by withdrawals"})
    wallets = Amount()
    pendingPayouts = Amount()
    payoutsPaid = Amount()
    reciprocal = fields.Dict(keys=fields.String(), values=Amount(), metadata={
        "description": "what royalty cycles moved out of the pool (issue 7): partnerPayables, adminFeeIncome, "
                       "remittanceClearing, withholdingTax, remitted"})
    balanced = fields.Boolean(metadata={"description": "pool + stations + withdrawn + reciprocal = deposited"})


class MovementArgs(PageArgs):
    currency = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{3}$", error="an ISO 4217 code"))
    since = fields.DateTime(load_default=None, metadata={"description": "default: 7 days before until"})
    until = fields.DateTime(load_default=None, metadata={"description": "default: now"})
    kind = fields.String(load_default=None, validate=validate.OneOf(["play_charge", "play_reallocation", "withdrawal"]))


class MovementOut(Schema):
    entryId = fields.String()
    kind = fields.String()
    at = fields.DateTime()
    memo = fields.String(allow_none=True)
    sourceId = fields.String(allow_none=True)
    amount = Amount(metadata={"description": "net effect on the pool"})
    credited = Amount(metadata={"description": "Σ credited to pool accounts"})


class EntitlementOut(Schema):
    accountId = fields.String()
    currency = fields.String()
    holderId = fields.String()
    forParticipantId = fields.String(allow_none=True)
    balance = Amount()
    pending = Amount(metadata={"description": "reserved by pending withdrawals"})
    available = Amount()
