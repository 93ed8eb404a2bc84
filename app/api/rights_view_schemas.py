"""Marshmallow schemas of the rights graph view and rights history (GET /api/rights/graph/{id},
GET /api/rights/history/{id}). Shares are percent, as exact JSON numbers."""
from __future__ import annotations

from marshmallow import Schema, fields, pre_load, validate

from app.api.schemas import Amount, AsOfArgs, OwnershipSliceOut
from importers.territory_codes import COUNTRY_CODES


class GraphArgs(AsOfArgs):
    territory = fields.String(load_default=None, validate=validate.OneOf(
        sorted(COUNTRY_CODES), error="unknown country {input!r}: use an ISO 3166-1 alpha-2 code"), metadata={
        "description": "resolve the split table for this country (ISO 3166-1 alpha-2), as a statement line "
                       "there would be paid; edges that do not apply there are not effective"})

    @pre_load
    def _upper(self, data, **_):
        if isinstance(data.get("territory"), str):
            data = {**data, "territory": data["territory"].strip().upper()}
        return data


class GraphNode(Schema):
    id = fields.String()
    labels = fields.List(fields.String())
    properties = fields.Dict()


class GraphEdge(Schema):
    id = fields.String(metadata={"description": "the relationship's elementId (stable)"})
    type = fields.String()
    from_ = fields.String(attribute="from", data_key="from")
    to = fields.String()
    properties = fields.Dict(metadata={"description": "OWNS share in percent"})
    effective = fields.Boolean(metadata={"description": "in force at asOf (and applies in territory, if given)"})


class SplitRow(Schema):
    assetId = fields.String()
    rightType = fields.String()
    territory = fields.String(allow_none=True, metadata={"description": "the country resolved, when given"})
    territories = fields.List(fields.String(), allow_none=True,
                              metadata={"description": "the slices' scope, without territory"})
    excluded = fields.List(fields.String(), allow_none=True)
    totalShare = Amount()
    owners = fields.List(fields.Nested(OwnershipSliceOut))


class RightsGraphOut(Schema):
    entityId = fields.String()
    asOf = fields.Date()
    territory = fields.String(allow_none=True)
    nodes = fields.List(fields.Nested(GraphNode))
    edges = fields.List(fields.Nested(GraphEdge))
    effectiveSplits = fields.List(fields.Nested(SplitRow))


class HistoryEdge(Schema):
    id = fields.String()
    type = fields.String()
    from_ = fields.String(attribute="from", data_key="from")
    to = fields.String()
    rightType = fields.String(allow_none=True)
    share = Amount(allow_none=True)
    role = fields.String(allow_none=True)
    territories = fields.List(fields.String(), allow_none=True)
    excluded = fields.List(fields.String(), allow_none=True)
    validFrom = fields.Date(allow_none=True)
    validTo = fields.Date(allow_none=True)
    status = fields.String(allow_none=True)
    basis = fields.String(allow_none=True)
    feePercent = fields.String(allow_none=True)
    agreementId = fields.String(allow_none=True)


class HistoryAudit(Schema):
    auditId = fields.String()
    actor = fields.String()
    action = fields.String()
    entityId = fields.String(allow_none=True)
    before = fields.Raw(allow_none=True)
    after = fields.Raw(allow_none=True)


class HistoryEvent(Schema):
    at = fields.DateTime()
    date = fields.Date()
    kind = fields.String(metadata={"description": "opened | closed | superseded | audit"})
    agreementId = fields.String(allow_none=True)
    edge = fields.Nested(HistoryEdge, allow_none=True)
    audit = fields.Nested(HistoryAudit, allow_none=True)
