"""Schemas of the payouts API: payout methods, payouts, payout batches and the schedule."""
from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.api.schemas import Amount, PageArgs
from app.api.wallet_schemas import Currency
from app.services.payouts import STATUSES
from importers.catalog import PAYOUT_TYPES

# A bank account number or IBAN (ISO 13616: at most 34 characters) once spaces and dashes are
# gone; a mobile-money number in E.164 (at most 15 digits, optional +).
_ACCOUNT = re.compile(r"[0-9A-Za-z]{4,34}")
_PHONE = re.compile(r"\+?\d{7,15}")
_SEPARATORS = re.compile(r"[\s-]")


class PayoutMethodIn(Schema):
    """A new payout method. ``accountNumber`` (bank_transfer: account number or IBAN;
    mobile_money: the phone number) and ``email`` (paypal) are used once to build the masked
    label and last 4: they are never stored or returned."""

    type = fields.String(required=True, validate=validate.OneOf(PAYOUT_TYPES))
    institution = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=60),
                                metadata={"description": "bank or mobile-money provider, e.g. Chase, MTN MoMo"})
    accountNumber = fields.String(load_default=None, allow_none=True, load_only=True)
    email = fields.Email(load_default=None, allow_none=True, load_only=True)
    externalRef = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=200),
                                metadata={"description": "the bank's or payment provider's token for the account"})
    isDefault = fields.Boolean(load_default=False)

    @validates_schema
    def _details(self, data, **_):
        errors: dict[str, list[str]] = {}
        kind, number = data["type"], data.get("accountNumber")
        compact = _SEPARATORS.sub("", number) if number else None
        if kind == "paypal":
            if not data.get("email"):
                errors["email"] = ["a paypal method needs the PayPal account's email"]
            if number:
                errors["accountNumber"] = ["a paypal method has an email, not an account number"]
        else:
            if data.get("email"):
                errors["email"] = [f"a {kind} method has an account number, not an email"]
            if not compact:
                errors["accountNumber"] = [f"a {kind} method needs the account number"]
            elif kind == "bank_transfer" and not _ACCOUNT.fullmatch(compact):
                errors["accountNumber"] = ["an account number or IBAN is 4–34 letters or digits"]
            elif kind == "mobile_money" and not _PHONE.fullmatch(compact):
                errors["accountNumber"] = ["a mobile-money number is 7–15 digits (E.164)"]
        if errors:
            raise ValidationError(errors)


class PayoutMethodPatch(Schema):
    isDefault = fields.Boolean(validate=validate.Equal(True, error="make another method the default instead"))
    status = fields.String(validate=validate.OneOf(("active", "inactive")))


class PayoutMethodRecordOut(Schema):
    methodId = fields.String(allow_none=True, metadata={"description": "null for the catalog's method, not yet used"})
    participantId = fields.String()
    type = fields.String()
    label = fields.String(metadata={"description": "masked, e.g. Chase ••••1234"})
    institution = fields.String(allow_none=True)
    last4 = fields.String(allow_none=True)
    externalRef = fields.String(allow_none=True)
    isDefault = fields.Boolean()
    status = fields.String()
    createdAt = fields.DateTime(allow_none=True)
    updatedAt = fields.DateTime(allow_none=True)


class PayoutIn(Schema):
    """POST /api/payouts body."""

    participantId = fields.String(required=True)
    amount = Amount(required=True, metadata={"description": "in the currency's minor units, at least the minimum"})
    currency = Currency(required=True)
    methodId = fields.String(load_default=None, allow_none=True,
                             metadata={"description": "one of the participant's active methods (default: its default)"})
    idempotencyKey = fields.String(required=True, validate=validate.Length(min=1, max=200), metadata={
        "description": "the participant's key for this request: sending it again returns the first payout"})


class PayoutPatch(Schema):
    """PATCH /api/payouts/{id} body: the next status (approved, processing = submit to the
    payout provider, paid, failed) and, for failed, why."""

    status = fields.String(required=True, validate=validate.OneOf(STATUSES[1:]))
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=2000))
    reference = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=200),
                              metadata={"description": "the provider's reference of the payment (paid)"})

    @validates_schema
    def _reason(self, data, **_):
        if data["status"] == "failed" and not data["reason"]:
            raise ValidationError({"reason": ["say why the payout failed"]})


class PayoutListArgs(PageArgs):
    participantId = fields.String(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    currency = Currency(load_default=None)
    batchId = fields.String(load_default=None)


class PayoutMethodRef(Schema):
    methodId = fields.String(allow_none=True)
    type = fields.String(allow_none=True)
    label = fields.String(allow_none=True)


class PayoutEventOut(Schema):
    at = fields.DateTime()
    actor = fields.String()
    action = fields.String()
    before = fields.Dict(allow_none=True)
    after = fields.Dict(allow_none=True)


class PayoutOut(Schema):
    payoutId = fields.String()
    participantId = fields.String()
    amount = Amount()
    currency = fields.String()
    status = fields.String(metadata={"description": "requested | approved | processing | paid | failed"})
    idempotencyKey = fields.String()
    method = fields.Nested(PayoutMethodRef)
    batchId = fields.String(allow_none=True)
    providerReference = fields.String(allow_none=True)
    failureReason = fields.String(allow_none=True)
    requestedBy = fields.String()
    requestedAt = fields.DateTime()
    approvedBy = fields.String(allow_none=True)
    approvedAt = fields.DateTime(allow_none=True)
    processingAt = fields.DateTime(allow_none=True)
    paidAt = fields.DateTime(allow_none=True)
    failedAt = fields.DateTime(allow_none=True)
    updatedAt = fields.DateTime(allow_none=True)
    allowedTransitions = fields.List(fields.String())
    expectedPayoutDate = fields.Date(allow_none=True, metadata={"description": "next payout run, while waiting"})
    history = fields.List(fields.Nested(PayoutEventOut))


class PayoutRunIn(Schema):
    currency = Currency(load_default=None, metadata={"description": "only approved payouts in this currency"})


class PayoutBatchOut(Schema):
    batchId = fields.String()
    provider = fields.String()
    currency = fields.String()
    status = fields.String(metadata={"description": "submitting | submitted"})
    count = fields.Integer()
    total = Amount()
    location = fields.String(allow_none=True, metadata={"description": "the payment batch file (file provider)"})
    sha256 = fields.String(allow_none=True)
    createdBy = fields.String()
    createdAt = fields.DateTime()
    submittedAt = fields.DateTime(allow_none=True)
    payoutIds = fields.List(fields.String())


class ScheduleOut(Schema):
    dayOfMonth = fields.Integer()
    nextPayoutDate = fields.Date()
    minimum = Amount()
    provider = fields.String()
