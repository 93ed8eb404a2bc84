"""Remittances to partner societies (issue 7 item 6): remit a closed cycle's net to a partner,
follow it Pending → Sent → Settled | Failed, download its statement (CSV, PDF)."""
from __future__ import annotations

from flask import Response
from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint

from app.api.entity_errors import entity_errors
from app.api.remittance_schemas import (RemitIn, RemittanceListArgs, RemittanceOut, RemittanceStatusIn,
                                        StatementArgs)
from app.auth import BEARER, STAFF_READ, roles_required
from app.services import remittances

blp = Blueprint("remittances", __name__, url_prefix="/api", description="Remittances to partner societies")

FINANCE = ("admin", "finance")


@blp.route("/royalties/cycles/<cycle_id>/partners/<partner_id>/remit", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(RemitIn)
@blp.response(201, RemittanceOut)
@blp.alt_response(200, schema=RemittanceOut, description="the cycle's existing remittance for this partner")
@roles_required(*FINANCE)
def remit(body, cycle_id, partner_id):
    """Remit a Locked or Invoiced cycle to a partner (participantId or society code): its line
    items summed (gross, admin fee, net), the withholding tax (default the partner's
    remittanceRequirements), the payable and, when the partner is paid in another currency, the
    FX rate and amount remitted; status Pending; the cycle becomes Invoiced. 201 new; 200 the
    existing remittance of this cycle and partner. 409 when the cycle is Open or has nothing
    for the partner; 422 names every bad field (e.g. ``fx`` missing)."""
    with entity_errors():
        rem, created = remittances.remit(cycle_id, partner_id, body, get_jwt_identity())
    return rem, 201 if created else 200


@blp.route("/remittances", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(RemittanceListArgs, location="query")
@blp.response(200, RemittanceOut(many=True))
@roles_required(*STAFF_READ)
def list_(args):
    """A page of remittances, newest first, filtered by ``cycleId``, ``partner`` (participantId
    or code) and ``status``; ``X-Total-Count`` gives the total."""
    rows, total = remittances.list_remittances(args["skip"], args["pageSize"],
                                               args["cycleId"], args["partner"], args["status"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/remittances/<remittance_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, RemittanceOut)
@roles_required(*STAFF_READ)
def get(remittance_id):
    """One remittance with its amounts, FX, journal entries and audit trail."""
    with entity_errors():
        return remittances.get_remittance(remittance_id)


@blp.route("/remittances/<remittance_id>/status", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(RemittanceStatusIn)
@blp.response(200, RemittanceOut)
@roles_required(*FINANCE)
def set_status(body, remittance_id):
    """Pending → Sent (posts payable → clearing + withholding tax; ``reference`` the transfer's),
    Sent → Settled (clearing → paid; the cycle becomes Remitted once every partner's is),
    Sent | Pending → Failed (``reason`` required; a Sent one is reversed), Failed → Pending (a
    retry). Anything else 409 with ``allowedTransitions``. Audited."""
    with entity_errors():
        return remittances.set_status(remittance_id, body["status"], get_jwt_identity(), body["reference"],
                                      body["reason"])


@blp.route("/remittances/<remittance_id>/statement", methods=["GET"])
@blp.doc(security=BEARER, responses={200: {"content": {"text/csv": {}, "application/pdf": {}}}})
@blp.arguments(StatementArgs, location="query")
@roles_required(*STAFF_READ)
def statement(args, remittance_id):
    """The remittance statement as CSV (default) or PDF: partner, cycle, period, territory,
    currency, agreement, fee %, withholding %, FX; one row per line item; totals."""
    with entity_errors():
        data, filename, mimetype = remittances.statement(remittance_id, args["format"])
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})
