"""Marshmallow schemas of the tariffs API."""
from __future__ import annotations

from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.api.schemas import Amount, PageArgs
from app.services.tariffs import ALL_DAY, BROADCAST_RIGHTS
from graph.broadcast_schema import STATION_CLASSES, TARIFF_BASES, USAGE_TYPES

_HHMM = validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", error="a local time HH:MM")


class TariffRightShareIn(Schema):
    rightType = fields.String(required=True, validate=validate.OneOf(BROADCAST_RIGHTS))
    share = fields.Decimal(required=True, places=None, validate=validate.Range(min=0, max=100, min_inclusive=False),
                           metadata={"description": "percent, up to 4 decimals"})

    @validates_schema
    def _four_decimals(self, data, **_):
        if "share" in data and data["share"] != data["share"].quantize(Decimal("0.0001")):
            raise ValidationError("at most 4 decimals", field_name="share")


class TariffIn(Schema):
    """POST /api/tariffs: a new version of the tariff of (stationClass, usageType, band) from
    ``validFrom`` (the current version of that band ends that day)."""

    stationClass = fields.String(required=True, validate=validate.OneOf(STATION_CLASSES))
    usageType = fields.String(required=True, validate=validate.OneOf(USAGE_TYPES))
    band = fields.String(load_default=ALL_DAY, validate=validate.Regexp(r"^[a-z0-9_]{1,40}$",
                                                                        error="lowercase letters, digits, _"))
    timeFrom = fields.String(load_default=None, allow_none=True, validate=_HHMM,
                             metadata={"description": "local start of the band's window (inclusive)"})
    timeTo = fields.String(load_default=None, allow_none=True, validate=_HHMM,
                           metadata={"description": "local end (exclusive); before timeFrom: it wraps midnight"})
    basis = fields.String(required=True, validate=validate.OneOf(TARIFF_BASES))
    rate = fields.Decimal(required=True, places=None, validate=validate.Range(min=0, min_inclusive=False),
                          metadata={"description": "currency units per play, or per second played"})
    currency = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{3}$", error="an ISO 4217 code"))
    validFrom = fields.Date(required=True)
    rightSplit = fields.List(fields.Nested(TariffRightShareIn), load_default=None, allow_none=True,
                             metadata={"description": "how a play's money divides between rights (sums to 100); "
                                                      "default 50 neighbouring / 50 performance"})

    @validates_schema
    def _distinct_rights(self, data, **_):
        rights = [r["rightType"] for r in data.get("rightSplit") or []]
        if len(rights) != len(set(rights)):
            raise ValidationError("each right type once", field_name="rightSplit")
        if "rate" in data and data["rate"] != data["rate"].quantize(Decimal("0.000001")):
            raise ValidationError("at most 6 decimals (micro-units)", field_name="rate")


class TariffListArgs(PageArgs):
    stationClass = fields.String(load_default=None, validate=validate.OneOf(STATION_CLASSES))
    usageType = fields.String(load_default=None, validate=validate.OneOf(USAGE_TYPES))
    asOf = fields.Date(load_default=None, metadata={"description": "only the versions in force that day"})


class TariffRightShareOut(Schema):
    rightType = fields.String()
    share = Amount()


class TariffOut(Schema):
    tariffId = fields.String()
    stationClass = fields.String()
    usageType = fields.String()
    band = fields.String()
    timeFrom = fields.String(allow_none=True)
    timeTo = fields.String(allow_none=True)
    basis = fields.String()
    rate = Amount()
    currency = fields.String()
    rightSplit = fields.List(fields.Nested(TariffRightShareOut))
    validFrom = fields.Date()
    validTo = fields.Date(allow_none=True)
    status = fields.String()
    createdAt = fields.DateTime(allow_none=True)
    createdBy = fields.String(allow_none=True)
