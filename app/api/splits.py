"""Whole splits of an asset's right type, and split change requests approved by every party."""
from __future__ import annotations

import datetime as dt

from flask_jwt_extended import get_jwt, get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.entity_errors import entity_errors
from app.api.schemas import AsOfArgs
from app.api.split_schemas import (
    ChangeRequestIn,
    ChangeRequestListArgs,
    ChangeRequestOut,
    DecisionIn,
    SplitAtOut,
    SplitIn,
    SplitOut,
)
from app.auth import BEARER, CATALOG_WRITE, STAFF_READ, roles_required
from app.services import change_requests, splits

blp = Blueprint("splits", __name__, url_prefix="/api", description="Splits and split change requests")


@blp.route("/rights/splits/<asset_id>/<right_type>", methods=["PUT"])
@blp.doc(security=BEARER)
@blp.arguments(SplitIn)
@blp.response(200, SplitOut)
@roles_required(*CATALOG_WRITE)
def put_split(body, asset_id, right_type):
    """Replace the whole split of an asset's right type from ``effectiveFrom``: the slices that
    apply on or after it are superseded (closed at the date, never deleted) and the new ones
    opened, in one audited transaction. 422 lists every problem (shares not summing to 100 %
    ± 0.06 in some territory and period, overlapping periods of one party, validTo before
    validFrom, unknown territories or participants, a right type the asset does not carry,
    publishers over 50 % of the performance right); nothing is written. 404 unknown asset."""
    with entity_errors():
        return splits.put_split(asset_id, right_type, body["effectiveFrom"], body["owners"], get_jwt_identity())


@blp.route("/rights/splits/<asset_id>/<right_type>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(AsOfArgs, location="query")
@blp.response(200, SplitAtOut)
@roles_required(*STAFF_READ)
def get_split(args, asset_id, right_type):
    """The slices of an asset's right type valid at ``asOf`` (default today); shares percent."""
    with entity_errors():
        return splits.split_at(asset_id, right_type, args["asOf"] or dt.date.today())


def _own_participant() -> str | None:
    claims = get_jwt()
    return claims.get("participantId") if claims.get("role") == "participant" else None


@blp.route("/splits/change-requests", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(ChangeRequestIn)
@blp.response(201, ChangeRequestOut)
@roles_required(*CATALOG_WRITE, "participant")
def create_change_request(body):
    """Propose a new split of ``assetId``'s ``rightType`` from ``effectiveFrom`` (validated like
    PUT /api/rights/splits: 422 lists every problem). Status ``pending``; the affected parties
    (current owners from that date ∪ proposed owners) must each approve. A participant may
    propose only a change that affects it (403 otherwise), and approves it by proposing."""
    try:
        with entity_errors():
            return change_requests.create_request(body["assetId"], body["rightType"], body["effectiveFrom"],
                                                  body["owners"], body["reason"], get_jwt_identity(),
                                                  _own_participant())
    except change_requests.NotAParty as exc:
        abort(403, message=str(exc))


@blp.route("/splits/change-requests", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(ChangeRequestListArgs, location="query")
@blp.response(200, ChangeRequestOut(many=True))
@roles_required(*STAFF_READ, "participant")
def list_change_requests(args):
    """A page of change requests, newest first, filtered by ``assetId`` and ``status``;
    ``X-Total-Count`` gives the total. A participant token sees those it is a party to."""
    rows, total = change_requests.list_requests(args["skip"], args["pageSize"],
                                                args["assetId"], args["status"], _own_participant())
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/splits/change-requests/<request_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, ChangeRequestOut)
@roles_required(*STAFF_READ, "participant")
def get_change_request(request_id):
    """One change request with every party's decision; a participant token only one it is a party to."""
    with entity_errors():
        request = change_requests.get_request(request_id)
    own = _own_participant()
    if own is not None and own not in {p["participantId"] for p in request["parties"]}:
        abort(403, message="a participant token may only read change requests it is a party to")
    return request


def _decide(body: dict, request_id: str, decision: str):
    own = _own_participant()
    if own is not None:
        if body["participantId"] not in (None, own):
            abort(403, message="a participant token decides only for its own participant")
        participant_id = own
    else:
        missing = {name: ["required when an admin decides on a party's behalf"]
                   for name in ("participantId", "note") if not body[name]}
        if missing:
            abort(422, message="an admin deciding on a party's behalf names the party and gives a note",
                  errors={"json": missing})
        participant_id = body["participantId"]
    try:
        with entity_errors():  # InvalidInput: the approved split no longer validates
            return change_requests.decide(request_id, participant_id, decision, get_jwt_identity(), body["note"])
    except change_requests.NotAParty as exc:
        if own is not None:
            abort(403, message=str(exc))
        abort(422, message=str(exc), errors={"json": {"participantId": [str(exc)]}})


@blp.route("/splits/change-requests/<request_id>/approvals", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(DecisionIn)
@blp.response(200, ChangeRequestOut)
@roles_required("admin", "participant")
def approve(body, request_id):
    """Approve a pending change request as one of its parties (a participant token for itself;
    an admin on a party's behalf, with a note). The last approval applies the split as new
    time-sliced slices (status ``applied``). 409 when closed or already decided."""
    return _decide(body, request_id, "approved")


@blp.route("/splits/change-requests/<request_id>/rejections", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(DecisionIn)
@blp.response(200, ChangeRequestOut)
@roles_required("admin", "participant")
def reject(body, request_id):
    """Reject a pending change request as one of its parties (status ``rejected``)."""
    return _decide(body, request_id, "rejected")
