"""Royalty cycles (issue 7 item 4): open, close (line items, ledger, lock), read."""
from __future__ import annotations

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint

from app.api.cycle_schemas import CycleIn, CycleListArgs, CycleOut, LineItemArgs, LineItemOut
from app.api.entity_errors import entity_errors
from app.auth import BEARER, STAFF_READ, roles_required
from app.services import cycles

blp = Blueprint("cycles", __name__, url_prefix="/api/royalties/cycles", description="Royalty cycles")

CYCLE_WRITE = ("admin", "ops")


@blp.route("", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(CycleIn)
@blp.response(201, CycleOut)
@roles_required(*CYCLE_WRITE)
def create(body):
    """Open a royalty cycle for a territory and period (audited). 422 names an unknown
    territory, a bad period or currency; 409 when an Open cycle of the territory overlaps it."""
    with entity_errors():
        return cycles.create_cycle(body, get_jwt_identity())


@blp.route("", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(CycleListArgs, location="query")
@blp.response(200, CycleOut(many=True))
@roles_required(*STAFF_READ)
def list_(args):
    """A page of cycles, latest period first; ``X-Total-Count`` gives the total."""
    rows, total = cycles.list_cycles(args["skip"], args["pageSize"], args["status"],
                                     args["territory"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/<cycle_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, CycleOut)
@roles_required(*STAFF_READ)
def get(cycle_id):
    """One cycle with its totals per partner once closed."""
    with entity_errors():
        return cycles.get_cycle(cycle_id)


@blp.route("/<cycle_id>/close", methods=["POST"])
@blp.doc(security=BEARER)
@blp.response(200, CycleOut)
@roles_required(*CYCLE_WRITE)
def close(cycle_id):
    """Close the cycle: line items per partner, work and recording (gross, admin fee, net,
    notes), each play marked, one journal entry per partner (pool → partner payable + admin-fee
    income), status Locked — audited. A cycle already closed is returned unchanged. 409 when a
    concurrent close won."""
    with entity_errors():
        return cycles.close_cycle(cycle_id, get_jwt_identity())


@blp.route("/<cycle_id>/line-items", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(LineItemArgs, location="query")
@blp.response(200, LineItemOut(many=True))
@roles_required(*STAFF_READ)
def line_items(args, cycle_id):
    """A page of the cycle's line items by partner, work, recording (filters ``partner`` —
    participantId or society code — and ``workId``); ``X-Total-Count`` gives the total."""
    with entity_errors():
        rows, total = cycles.line_items(cycle_id, args["skip"], args["pageSize"],
                                        args["partner"], args["workId"])
    return rows, 200, {"X-Total-Count": str(total)}
