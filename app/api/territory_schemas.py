"""Schemas of the territory endpoints (``app.api.territories``)."""
from __future__ import annotations

from marshmallow import Schema, fields, validate
from webargs.fields import DelimitedList

from app.api.schemas import PageArgs
from graph.territories import known_codes
from importers.catalog import TERRITORY_CODE
from importers.territory_codes import WORLD

KINDS = ("country", "region", "world")
KNOWN_TERRITORY = validate.OneOf(sorted(known_codes()), error="unknown territory {input!r}")


class TerritoryListArgs(PageArgs):
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    partOf = fields.String(load_default=None, validate=KNOWN_TERRITORY,
                           metadata={"description": "only territories inside this one, at any depth (e.g. 2EN)"})
    tisCode = fields.Integer(load_default=None, metadata={"description": "CISAC TIS-N numeric code (e.g. 288)"})


class TerritoryOut(Schema):
    code = fields.String()
    name = fields.String()
    kind = fields.String()
    tisCode = fields.Integer(allow_none=True)
    partOf = fields.List(fields.String())


class ResolveArgs(Schema):
    """``country=GH&territories=WORLD&excluded=GH,NG``: lists are comma-separated codes."""

    country = fields.String(required=True, validate=KNOWN_TERRITORY)
    territories = DelimitedList(fields.String(validate=TERRITORY_CODE), load_default=lambda: [WORLD],
                                validate=validate.Length(min=1))
    excluded = DelimitedList(fields.String(validate=TERRITORY_CODE), load_default=list)


class ResolveOut(Schema):
    country = fields.String()
    territories = fields.List(fields.String())
    excluded = fields.List(fields.String())
    matches = fields.Boolean()
    path = fields.List(fields.String(), metadata={"description": "the PART_OF chain that decided, country first"})
    includedBy = fields.String(allow_none=True)
    excludedBy = fields.String(allow_none=True)
