"""Schemas of the wallets API: balances per currency and the transactions behind them."""
from __future__ import annotations

import pycountry
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.api.schemas import Amount, PageArgs
from app.services.ledger import PARTICIPANT_KINDS


class Currency(fields.String):
    """An ISO 4217 currency code (``USD``, ``GHS``…), upper-cased on load."""

    def _deserialize(self, value, attr, data, **kwargs):
        code = super()._deserialize(value, attr, data, **kwargs).upper()
        if pycountry.currencies.get(alpha_3=code) is None:
            raise ValidationError(f"unknown currency {code!r}: use an ISO 4217 code such as USD")
        return code


class WalletArgs(Schema):
    currency = Currency(load_default=None, metadata={"description": "the currency of the top-level figures "
                                                                    "(default: the wallet currency setting)"})


class WalletFigures(Schema):
    currency = fields.String()
    walletId = fields.String(allow_none=True)
    balance = Amount(metadata={"description": "available + frozen + pending"})
    available = Amount(metadata={"description": "the wallet: money that can be paid out"})
    frozen = Amount(metadata={"description": "held while a dispute is open"})
    pending = Amount(metadata={"description": "payouts requested and not yet paid or failed"})


class WalletOut(WalletFigures):
    participantId = fields.String()
    currencies = fields.List(fields.Nested(WalletFigures), metadata={"description": "every currency held"})


class TransactionArgs(PageArgs):
    type = fields.String(load_default=None, metadata={
        "description": "journal entry kind: royalty_allocation, payout_request, payout_paid, payout_failed, "
                       "dispute_freeze, advance_grant, reversal…"})
    source = fields.String(load_default=None, metadata={
        "description": "a statement source (distrokid…), 'statement' (any), or payout, dispute, advance…"})
    currency = Currency(load_default=None, metadata={"description": "one currency (default: all)"})
    dateFrom = fields.Date(load_default=None, metadata={"description": "first day (UTC), inclusive"})
    dateTo = fields.Date(load_default=None, metadata={"description": "last day (UTC), inclusive"})
    account = fields.String(load_default="wallet", validate=validate.OneOf(PARTICIPANT_KINDS),
                            metadata={"description": "which of the participant's accounts (default the wallet)"})

    @validates_schema
    def _range(self, data, **_):
        if data["dateFrom"] and data["dateTo"] and data["dateFrom"] > data["dateTo"]:
            raise ValidationError({"dateTo": ["must not be before dateFrom"]})


class TransactionOut(Schema):
    transactionId = fields.String(metadata={"description": "<entryId>.<accountId>"})
    entryId = fields.String()
    accountId = fields.String()
    currency = fields.String()
    kind = fields.String(metadata={"description": "the journal entry kind"})
    at = fields.DateTime()
    amount = Amount(metadata={"description": "signed: positive credits the account"})
    balanceAfter = Amount()
    memo = fields.String(allow_none=True)
    source = fields.String(allow_none=True, metadata={"description": "statement source, or the object kind"})
    sourceType = fields.String(allow_none=True, metadata={"description": "statement, payout, dispute, advance…"})
    statementId = fields.String(allow_none=True)
    sourceId = fields.String(allow_none=True, metadata={"description": "payoutId, disputeId, advanceId…"})
