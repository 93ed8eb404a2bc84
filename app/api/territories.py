"""Territories: the list and the resolution of a country against include/exclude lists."""
from __future__ import annotations

from flask_smorest import Blueprint

from app.api.territory_schemas import ResolveArgs, ResolveOut, TerritoryListArgs, TerritoryOut
from app.auth import BEARER, STAFF_READ, roles_required
from app.services import territories

blp = Blueprint("territories", __name__, url_prefix="/api/territories", description="Territories")
ANY_ROLE = (*STAFF_READ, "participant", "station")  # reference data: every signed-in role reads it


@blp.route("", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(TerritoryListArgs, location="query")
@blp.response(200, TerritoryOut(many=True))
@roles_required(*ANY_ROLE)
def list_(args):
    """A page of territories ordered by code (ISO 3166-1 countries by alpha-2, ``WORLD``, CISAC
    TIS groups by TIS-A code such as ``2EN``); ``X-Total-Count`` gives the total."""
    rows, total = territories.list_territories(args["skip"], args["pageSize"],
                                               args["kind"], args["partOf"], args["tisCode"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/resolve", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(ResolveArgs, location="query")
@blp.response(200, ResolveOut)
@roles_required(*ANY_ROLE)
def resolve(args):
    """Does ``country`` fall under an edge's ``territories`` minus its ``excluded`` (through
    PART_OF*)? ``path`` is the chain that decided."""
    return territories.resolve(args["country"], args["territories"], args["excluded"])
