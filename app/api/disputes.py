"""Disputes over who owns a work or recording: raise, list, read, move through their statuses."""
from __future__ import annotations

from flask_jwt_extended import get_jwt, get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.dispute_schemas import DisputeIn, DisputeListArgs, DisputeOut, DisputePatch
from app.api.entity_errors import entity_errors
from app.auth import BEARER, CATALOG_WRITE, STAFF_READ, roles_required
from app.services import disputes
from app.services.entities import InvalidInput

blp = Blueprint("disputes", __name__, url_prefix="/api/disputes", description="Ownership disputes")

# Staff who may raise a dispute for anyone (viewers only read); a participant raises its own.
RAISE = ("admin", "finance", "ops")


def _own_participant() -> str | None:
    """The participantId of a participant token; None for staff."""
    claims = get_jwt()
    return claims.get("participantId") if claims.get("role") == "participant" else None


def _get_visible(dispute_id: str) -> dict:
    """The dispute (404 unknown); a participant token sees only disputes it is a party to (403)."""
    with entity_errors():
        dispute = disputes.get(dispute_id)
    own = _own_participant()
    if own is not None and own not in disputes.parties(dispute):
        abort(403, message="a participant token may only read disputes it is a party to")
    return dispute


@blp.route("", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(DisputeIn)
@blp.response(201, DisputeOut)
@roles_required(*RAISE, "participant")
def create(body):
    """Raise a dispute about a work's or recording's ownership (status ``open``, audited). A
    participant token raises only for itself (``raisedBy`` = its participant, 403 otherwise);
    staff (admin, finance, ops) for anyone. 404 when the disputed work or recording is unknown
    (issue 5: a dispute on an unknown entity), else 422; either way ``errors.json`` names every
    unknown asset or participant and a right type the asset cannot carry."""
    own = _own_participant()
    if own is not None and body["raisedBy"] != own:
        abort(403, message="a participant token may only raise disputes for its own participant")
    try:
        return disputes.open_dispute(body, get_jwt_identity())
    except InvalidInput as exc:
        abort(404 if "assetId" in exc.errors else 422, message=str(exc), errors={"json": exc.errors})


@blp.route("", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(DisputeListArgs, location="query")
@blp.response(200, DisputeOut(many=True))
@roles_required(*STAFF_READ, "participant")
def list_(args):
    """A page of disputes ordered by id, filtered by ``status``, ``assetId`` and ``participantId``
    (raised by or involving); ``X-Total-Count`` gives the total. A participant token lists only
    its own disputes (another ``participantId`` → 403)."""
    own = _own_participant()
    if own is not None and args["participantId"] not in (None, own):
        abort(403, message="a participant token may only list its own disputes")
    rows, total = disputes.list_disputes(args["skip"], args["pageSize"],
                                         status=args["status"], asset_id=args["assetId"],
                                         participant_id=own or args["participantId"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/<dispute_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, DisputeOut)
@roles_required(*STAFF_READ, "participant")
def get(dispute_id):
    """One dispute with its audit trail (``history``); a participant token only its own."""
    return _get_visible(dispute_id)


@blp.route("/<dispute_id>", methods=["PATCH"])
@blp.doc(security=BEARER)
@blp.arguments(DisputePatch)
@blp.response(200, DisputeOut)
@roles_required(*CATALOG_WRITE)
def patch(body, dispute_id):
    """Move a dispute: open → in_review → resolved | rejected, or open → resolved | rejected;
    every move is an AuditEvent (before → after, with the ``note``). 409 for any other move
    (resolved and rejected are final), with ``errors.allowedTransitions``; 404 unknown id."""
    with entity_errors():
        return disputes.transition(dispute_id, body["status"], body["note"], get_jwt_identity())
