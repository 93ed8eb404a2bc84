"""Marshmallow schemas of the stations API (shape only; territories and stream ids are checked
against the graph by ``app.services.stations``, so one 422 lists every problem)."""
from __future__ import annotations

from zoneinfo import available_timezones

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.api.schemas import Amount, PageArgs
from graph.broadcast_schema import FUNDS_POLICIES, LICENCE_STATUSES, STATION_CLASSES

_ZONES = frozenset(available_timezones())


class LicenceIn(Schema):
    status = fields.String(required=True, validate=validate.OneOf(LICENCE_STATUSES))
    number = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))
    validFrom = fields.Date(load_default=None, allow_none=True)
    validTo = fields.Date(load_default=None, allow_none=True, metadata={"description": "exclusive; null = open"})
    coverage = fields.List(fields.String(), load_default=list,
                           metadata={"description": "territory codes the licence covers (ISO alpha-2, WORLD, TIS)"})


class FundsPolicyIn(Schema):
    policy = fields.String(required=True, validate=validate.OneOf(FUNDS_POLICIES),
                           metadata={"description": "reject: charge only what the balance covers; credit_limit: "
                                                    "allow the balance down to minus creditLimit"})
    creditLimit = fields.Decimal(load_default=0, places=None, validate=validate.Range(min=0))

    @validates_schema
    def _limit_needs_policy(self, data, **_):
        if data["policy"] == "reject" and data["creditLimit"]:
            raise ValidationError("a creditLimit needs the credit_limit policy", field_name="creditLimit")


class StationIn(Schema):
    """POST /api/stations body."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    stationClass = fields.String(required=True, validate=validate.OneOf(STATION_CLASSES))
    country = fields.String(required=True, metadata={"description": "ISO 3166-1 alpha-2: where its plays are paid"})
    timezone = fields.String(required=True, validate=validate.OneOf(sorted(_ZONES), error="not an IANA time zone"),
                             metadata={"description": "IANA zone, e.g. Africa/Accra: tariff bands are local"})
    streamIds = fields.List(fields.String(validate=validate.Length(min=1, max=200)), load_default=list,
                            metadata={"description": "the monitoring system's ids of the station"})
    licence = fields.Nested(LicenceIn, required=True)
    currency = fields.String(required=True,
                             validate=validate.Regexp(r"^[A-Z]{3}$", error="an ISO 4217 code such as GHS"),
                             metadata={"description": "the currency of its account and tariffs"})
    fundsPolicy = fields.Nested(FundsPolicyIn, load_default=lambda: {"policy": "reject", "creditLimit": 0})


class StationPatch(Schema):
    """PATCH /api/stations/{id} body: any of these (absent: unchanged); the currency is fixed."""

    name = fields.String(validate=validate.Length(min=1, max=200))
    stationClass = fields.String(validate=validate.OneOf(STATION_CLASSES))
    timezone = fields.String(validate=validate.OneOf(sorted(_ZONES), error="not an IANA time zone"))
    streamIds = fields.List(fields.String(validate=validate.Length(min=1, max=200)))
    licence = fields.Nested(LicenceIn)
    fundsPolicy = fields.Nested(FundsPolicyIn)


class StationListArgs(PageArgs):
    stationClass = fields.String(load_default=None, validate=validate.OneOf(STATION_CLASSES))
    country = fields.String(load_default=None)
    licenceStatus = fields.String(load_default=None, validate=validate.OneOf(LICENCE_STATUSES))


class LicenceOut(Schema):
    status = fields.String()
    number = fields.String(allow_none=True)
    validFrom = fields.Date(allow_none=True)
    validTo = fields.Date(allow_none=True)
    coverage = fields.List(fields.String())


class FundsPolicyOut(Schema):
    policy = fields.String()
    creditLimit = Amount()


class StationOut(Schema):
    stationId = fields.String()
    name = fields.String()
    stationClass = fields.String()
    country = fields.String()
    timezone = fields.String()
    streamIds = fields.List(fields.String())
    licence = fields.Nested(LicenceOut)
    currency = fields.String()
    accountId = fields.String()
    balance = Amount()
    fundsPolicy = fields.Nested(FundsPolicyOut)
    createdAt = fields.DateTime()
    updatedAt = fields.DateTime()


class TopUpIn(Schema):
    """POST /api/stations/{id}/topups: money the station paid in, in its currency."""

    amount = fields.Decimal(required=True, places=None, validate=validate.Range(min=0, min_inclusive=False))
    reference = fields.String(required=True, validate=validate.Length(min=1, max=200),
                              metadata={"description": "the payment's reference (bank or MoMo transaction id): "
                                                       "the same reference twice is refused (409)"})
    method = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(["bank", "mtn_momo", "cash",
                                                                                         "other"]))


class TopUpOut(Schema):
    entryId = fields.String()
    station = fields.Nested(StationOut)
    charged = fields.Integer(metadata={"description": "plays waiting for funds charged after the top-up"})
    chargedAmount = Amount()


class ComplianceArgs(Schema):
    since = fields.Date(required=True, metadata={"description": "first day (inclusive, UTC)"})
    until = fields.Date(required=True, metadata={"description": "last day (exclusive, UTC)"})
    stationId = fields.String(load_default=None)

    @validates_schema
    def _ordered(self, data, **_):
        if data["until"] <= data["since"]:
            raise ValidationError("until must be after since", field_name="until")
