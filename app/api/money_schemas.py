"""Marshmallow schemas of the Money Hub API (camelCase; amounts exact JSON numbers; lists are
``[]`` when empty, never missing). Each response documents an example payload in OpenAPI."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.api import schemas
from app.api.schemas import Amount, PageArgs
from app.services.alerts import STATUSES as ALERT_STATUSES
from app.services.alerts import TYPES as ALERT_TYPES

TRACK_STATUSES = ("ok", "missing_publishing", "disputed")
REGISTRATION_STATUSES = ("not_registered", "pending", "registered")


class HubWalletOut(schemas._HubWallet):
    available = Amount(metadata={"description": "what the participant may draw (the wallet account)"})
    frozen = Amount(metadata={"description": "held while a dispute is open"})
    pending = Amount(metadata={"description": "payouts requested, not yet paid or failed"})


class MoneyHubOut(schemas.MoneyHubOut):
    """The seed payload of issue 2; ``wallet.balance`` = available + frozen + pending."""

    wallet = fields.Nested(HubWalletOut)


HUB_EXAMPLE = {
    "participantId": "PART-000001", "currency": "USD",
    "wallet": {"walletId": "WAL-000001", "balance": 2387.42, "nextPayoutDate": "2025-12-15",
               "defaultPayoutMethod": {"type": "bank_transfer", "label": "Chase ••••1234"},
               "available": 2187.42, "frozen": 200.0, "pending": 0},
    "summary": {"period": "last_30_days", "totalIncome": 842.17, "totalPayouts": 500.0},
    "incomeBySource": [{"source": "spotify", "label": "Spotify", "amount": 320.55}],
    "timeline": {"granularity": "month",
                 "points": [{"period": "2025-07", "totalIncome": 600.12, "netPaid": 450.0, "inRecoupment": 50.0}]},
    "topTracks": [{"recordingId": "REC-000001", "title": "Block Talk", "primaryArtist": "Big Homie Cash",
                   "lastPeriodIncome": 312.11, "lifetimeIncome": 3210.45, "status": "ok"}],
    "flags": {"hasActiveDisputes": False, "hasMissingRegistrations": True, "hasAdvanceOffers": False},
}


# -- track -------------------------------------------------------------------------------------

class TrackArgs(Schema):
    participantId = fields.String(required=True, metadata={"description": "whose view of the track"})


class _RightTypeAmount(Schema):
    rightType = fields.String()
    amount = Amount()


class SourceAmountOut(Schema):
    source = fields.String()
    label = fields.String()
    amount = Amount()


class _Breakdown(Schema):
    total = Amount()
    byRightType = fields.List(fields.Nested(_RightTypeAmount))
    bySource = fields.List(fields.Nested(SourceAmountOut))


class TrackIncomeOut(Schema):
    lastPeriod = fields.String(allow_none=True, metadata={"description": "YYYY-MM: the latest month with income"})
    lifetime = fields.Nested(_Breakdown)
    lastPeriodIncome = fields.Nested(_Breakdown)


class SliceOut(Schema):
    """An OWNS slice: ``share`` percent (4 decimals), ``validTo`` exclusive or null."""

    assetId = fields.String()
    assetKind = fields.String(metadata={"description": "recording | work"})
    rightType = fields.String()
    share = Amount()
    role = fields.String(allow_none=True)
    territories = fields.List(fields.String())
    excluded = fields.List(fields.String())
    validFrom = fields.Date()
    validTo = fields.Date(allow_none=True)
    agreementId = fields.String(allow_none=True)


class _TrackParticipant(Schema):
    participantId = fields.String()
    name = fields.String()
    roles = fields.List(fields.String())
    ownership = fields.List(fields.Nested(SliceOut))


class _Violation(Schema):
    assetId = fields.String()
    rightType = fields.String()
    country = fields.String()
    restOfWorld = fields.Boolean()
    date = fields.Date()
    until = fields.Date(allow_none=True)
    total = Amount(metadata={"description": "percent"})
    kinds = fields.List(fields.String(), metadata={"description": "split_gap | split_overlap | publisher_share"})


class _Split(Schema):
    status = fields.String(validate=validate.OneOf(("valid", "not_adding_up")))
    violations = fields.List(fields.Nested(_Violation))


class _Registration(Schema):
    assetId = fields.String()
    assetKind = fields.String()
    societyCode = fields.String()
    societyName = fields.String(allow_none=True)
    status = fields.String(validate=validate.OneOf(REGISTRATION_STATUSES))


class _Work(Schema):
    workId = fields.String()
    title = fields.String(allow_none=True)
    iswc = fields.String(allow_none=True)


class MoneyTrackOut(Schema):
    recordingId = fields.String()
    title = fields.String()
    isrc = fields.String(allow_none=True)
    primaryArtist = fields.String()
    works = fields.List(fields.Nested(_Work))
    participantId = fields.String()
    currency = fields.String()
    status = fields.String(validate=validate.OneOf(TRACK_STATUSES))
    income = fields.Nested(TrackIncomeOut, metadata={"description": "the participant's own income"})
    trackIncome = fields.Nested(TrackIncomeOut, allow_none=True,
                                metadata={"description": "every participant's income together (staff only)"})
    roles = fields.List(fields.String())
    ownership = fields.List(fields.Nested(SliceOut))
    participants = fields.List(fields.Nested(_TrackParticipant))
    split = fields.Nested(_Split)
    registrations = fields.List(fields.Nested(_Registration))


_BREAKDOWN = {"total": 312.11, "byRightType": [{"rightType": "master", "amount": 312.11}],
              "bySource": [{"source": "spotify", "label": "Spotify", "amount": 312.11}]}
_SLICE = {"assetId": "REC-000001", "assetKind": "recording", "rightType": "master", "share": 60,
          "role": "owner", "territories": ["WORLD"], "excluded": [], "validFrom": "2024-01-01", "validTo": None,
          "agreementId": "AGR-000001"}
TRACK_EXAMPLE = {
    "recordingId": "REC-000001", "title": "Block Talk", "isrc": "GHA0C2500001", "primaryArtist": "Big Homie Cash",
    "works": [{"workId": "WRK-000001", "title": "Block Talk", "iswc": "T0345246801"}],
    "participantId": "PART-000001", "currency": "USD", "status": "ok",
    "income": {"lastPeriod": "2025-07", "lifetime": {**_BREAKDOWN, "total": 3210.45},
               "lastPeriodIncome": _BREAKDOWN},
    "trackIncome": None, "roles": ["owner", "primary"], "ownership": [_SLICE],
    "participants": [{"participantId": "PART-000001", "name": "Big Homie Cash", "roles": ["owner", "primary"],
                      "ownership": [_SLICE]}],
    "split": {"status": "valid", "violations": []},
    "registrations": [{"assetId": "REC-000001", "assetKind": "recording", "societyCode": "SX",
                       "societyName": "SoundExchange", "status": "pending"}],
}


# -- rights ------------------------------------------------------------------------------------

class RightsArgs(PageArgs):
    asOf = fields.Date(load_default=None, metadata={"description": "date 'inForce' is evaluated at (default today)"})


class _RightSlice(Schema):
    rightType = fields.String()
    share = Amount(metadata={"description": "percent"})
    role = fields.String(allow_none=True)
    territories = fields.List(fields.String())
    excluded = fields.List(fields.String())
    validFrom = fields.Date()
    validTo = fields.Date(allow_none=True)
    agreementId = fields.String(allow_none=True)
    status = fields.String(allow_none=True)
    inForce = fields.Boolean()


class _AssetRegistration(Schema):
    societyCode = fields.String()
    societyName = fields.String(allow_none=True)
    status = fields.String(validate=validate.OneOf(REGISTRATION_STATUSES))


class _RightsAsset(Schema):
    assetId = fields.String()
    assetKind = fields.String(validate=validate.OneOf(("recording", "work")))
    title = fields.String(allow_none=True)
    code = fields.String(allow_none=True, metadata={"description": "ISRC of a recording, ISWC of a work"})
    rights = fields.List(fields.Nested(_RightSlice))
    registrations = fields.List(fields.Nested(_AssetRegistration))
    registrationStatus = fields.String(allow_none=True, validate=validate.OneOf(REGISTRATION_STATUSES), metadata={
        "description": "not_registered if any society lacks it, else pending if any is pending, else registered; "
                       "null when no society applies"})
    disputed = fields.Boolean()
    disputeIds = fields.List(fields.String())


class RightsOut(Schema):
    participantId = fields.String()
    asOf = fields.Date()
    total = fields.Integer()
    assets = fields.List(fields.Nested(_RightsAsset))


RIGHTS_EXAMPLE = {
    "participantId": "PART-000001", "asOf": "2025-11-21", "total": 1,
    "assets": [{"assetId": "REC-000001", "assetKind": "recording", "title": "Block Talk", "code": "GHA0C2500001",
                "rights": [{"rightType": "master", "share": 100, "role": "owner", "territories": ["WORLD"],
                            "excluded": [], "validFrom": "2024-01-01", "validTo": None, "agreementId": None,
                            "status": "active", "inForce": True}],
                "registrations": [{"societyCode": "SX", "societyName": "SoundExchange", "status": "not_registered"}],
                "registrationStatus": "not_registered", "disputed": False, "disputeIds": []}],
}


# -- alerts ------------------------------------------------------------------------------------

class AlertArgs(PageArgs):
    type = fields.String(load_default=None, validate=validate.OneOf(ALERT_TYPES))
    status = fields.String(load_default=None, validate=validate.OneOf(ALERT_STATUSES))


class AlertOut(Schema):
    alertId = fields.String()
    type = fields.String(validate=validate.OneOf(ALERT_TYPES))
    status = fields.String(validate=validate.OneOf(ALERT_STATUSES))
    participantId = fields.String()
    entityId = fields.String(allow_none=True, metadata={"description": "the statement, asset or issue it is about"})
    title = fields.String()
    message = fields.String()
    evidence = fields.Dict(metadata={"description": "what the detector found (amounts as numbers)"})
    createdAt = fields.DateTime()
    updatedAt = fields.DateTime()
    lastSeenAt = fields.DateTime(allow_none=True)
    resolvedAt = fields.DateTime(allow_none=True)
    resolvedBy = fields.String(allow_none=True)
    note = fields.String(allow_none=True)


class _AlertCounts(Schema):
    open = fields.Integer()
    investigating = fields.Integer()
    resolved = fields.Integer()


class AlertsOut(Schema):
    participantId = fields.String()
    counts = fields.Nested(_AlertCounts)
    total = fields.Integer()
    alerts = fields.List(fields.Nested(AlertOut))


class AlertPatchIn(Schema):
    status = fields.String(required=True, validate=validate.OneOf(ALERT_STATUSES))
    note = fields.String(load_default=None, validate=validate.Length(max=500))


_ALERT = {"alertId": "ALR-000001", "type": "registration_gap", "status": "open", "participantId": "PART-000001",
          "entityId": "REC-000001", "title": "Block Talk is not registered",
          "message": "Recording Block Talk is not registered with SX: royalties they collect for it cannot reach you",
          "evidence": {"assetId": "REC-000001", "societies": ["SX"]}, "createdAt": "2025-11-21T02:30:00+00:00",
          "updatedAt": "2025-11-21T02:30:00+00:00", "lastSeenAt": "2025-11-21T02:30:00+00:00",
          "resolvedAt": None, "resolvedBy": None, "note": None}
ALERTS_EXAMPLE = {"participantId": "PART-000001", "counts": {"open": 1, "investigating": 0, "resolved": 0},
                  "total": 1, "alerts": [_ALERT]}
ALERT_EXAMPLE = {**_ALERT, "status": "investigating", "note": "sent the SX registration"}


# -- plan --------------------------------------------------------------------------------------

class _Price(Schema):
    amount = Amount()
    currency = fields.String()
    interval = fields.String()


class PlanOut(Schema):
    planId = fields.String()
    name = fields.String()
    price = fields.Nested(_Price)
    features = fields.List(fields.String())
    limits = fields.Dict(keys=fields.String(), values=fields.Integer(allow_none=True),
                         metadata={"description": "null = unlimited"})


class AccountPlanOut(Schema):
    participantId = fields.String()
    currentPlan = fields.Nested(PlanOut)
    since = fields.DateTime(allow_none=True)
    availableUpgrades = fields.List(fields.Nested(PlanOut))


_PLAN = {"planId": "free", "name": "Free", "price": {"amount": 0, "currency": "USD", "interval": "month"},
         "features": ["money_hub", "statements_csv", "payouts_monthly"],
         "limits": {"tracks": 25, "payoutsPerMonth": 1, "teamMembers": 1, "statementHistoryMonths": 12}}
PLAN_EXAMPLE = {"participantId": "PART-000001", "currentPlan": _PLAN, "since": None,
                "availableUpgrades": [{**_PLAN, "planId": "pro", "name": "Pro",
                                       "price": {"amount": 9.99, "currency": "USD", "interval": "month"}}]}

