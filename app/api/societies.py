"""Societies: the PROs, MROs, NROs and CMOs participants are members of."""
from __future__ import annotations

from flask_smorest import Blueprint

from app.api.identity_schemas import SocietyListArgs, SocietyOut
from app.auth import BEARER, STAFF_READ, roles_required
from app.services.societies import list_societies

blp = Blueprint("societies", __name__, url_prefix="/api/societies", description="Collecting societies")


@blp.route("", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(SocietyListArgs, location="query")
@blp.response(200, SocietyOut(many=True))
@roles_required(*STAFF_READ, "participant")
def list_(args):
    """Every society ordered by code (type PRO | MRO | NRO | CMO, country, CISAC code),
    filtered by ``type`` and ``country`` when given."""
    return list_societies(args["type"], args["country"])
