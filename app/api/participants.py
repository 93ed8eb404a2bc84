"""Participants: create, read, list."""
from __future__ import annotations

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.schemas import ParticipantIn, ParticipantListArgs, ParticipantOut
from app.auth import BEARER, CATALOG_WRITE, STAFF_READ, require_participant_access, roles_required
from app.services import catalog
from app.services.db import settings
from importers.catalog import mask_account_label

blp = Blueprint("participants", __name__, url_prefix="/api/participants", description="Participants")


@blp.route("", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(ParticipantIn)
@blp.response(201, ParticipantOut)
@roles_required(*CATALOG_WRITE)
def create(body):
    """Create a participant with its wallet. 409 when an identifier is already used."""
    if body.get("payoutMethod"):
        body["payoutMethod"]["label"] = mask_account_label(body["payoutMethod"]["label"])
    try:
        return catalog.create_participant(body, settings().wallet_currency, get_jwt_identity())
    except catalog.DuplicateIdentifier as exc:
        abort(409, message=str(exc), errors={"existingId": exc.entity_id})


@blp.route("", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(ParticipantListArgs, location="query")
@blp.response(200, ParticipantOut(many=True))
@roles_required(*STAFF_READ)
def list_(args):
    """A page of participants ordered by id; ``X-Total-Count`` gives the total."""
    rows, total = catalog.list_participants((args["page"] - 1) * args["pageSize"], args["pageSize"],
                                            settings().wallet_currency, args["kind"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/<participant_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, ParticipantOut)
@roles_required(*STAFF_READ, "participant")
def get(participant_id):
    """One participant; a participant token only reads itself."""
    require_participant_access(participant_id)
    try:
        return catalog.get_participant(participant_id, settings().wallet_currency)
    except catalog.UnknownEntity as exc:
        abort(404, message=str(exc))
