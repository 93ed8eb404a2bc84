"""Participants: create, read, list (paginated, filtered), update.

No DELETE, on purpose: history is never deleted (a membership ends with its validTo).
"""
from __future__ import annotations

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint

from app.api.entity_errors import entity_errors
from app.api.identity_schemas import ParticipantIn, ParticipantListArgs, ParticipantOut, ParticipantPatch
from app.auth import BEARER, CATALOG_WRITE, STAFF_READ, require_participant_access, roles_required
from app.services import participants
from app.services.db import settings

blp = Blueprint("participants", __name__, url_prefix="/api/participants", description="Participants")


@blp.route("", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(ParticipantIn)
@blp.response(201, ParticipantOut)
@roles_required(*CATALOG_WRITE)
def create(body):
    """Create a participant with its wallet. Tax info is stored masked (TIN type + last 4).
    422 names every bad field (an identifier's check digits, an unknown society…); 409 when an
    identifier or society member id is already used (``errors.existingId``)."""
    with entity_errors():
        return participants.create_participant(body, settings().wallet_currency, get_jwt_identity())


@blp.route("", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(ParticipantListArgs, location="query")
@blp.response(200, ParticipantOut(many=True))
@roles_required(*STAFF_READ)
def list_(args):
    """A page of participants ordered by id, filtered by kind, name (part of the name or legal
    name), country, society membership or identifier; ``X-Total-Count`` gives the total."""
    rows, total = participants.list_participants(
        args["skip"], args["pageSize"], settings().wallet_currency, kind=args["kind"],
        name=args["name"], country=args["country"], society=args["society"], identifier=args["identifier"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/<participant_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, ParticipantOut)
@roles_required(*STAFF_READ, "participant")
def get(participant_id):
    """One participant; a participant token only reads itself."""
    require_participant_access(participant_id)
    with entity_errors():
        return participants.get_participant(participant_id, settings().wallet_currency)


@blp.route("/<participant_id>", methods=["PATCH"])
@blp.doc(security=BEARER)
@blp.arguments(ParticipantPatch)
@blp.response(200, ParticipantOut)
@roles_required(*CATALOG_WRITE)
def update(body, participant_id):
    """Change some fields (absent: unchanged; null: cleared). ``identifiers`` replaces the set;
    ``memberships`` are merged on (society, role, validFrom) — end one by sending its validTo;
    none is removed. ``payoutMethod`` only while the participant has no payout method (then
    422: its payout methods choose it). Audited before → after. 404 unknown id, 422, 409 as on
    create."""
    with entity_errors():
        return participants.update_participant(participant_id, body, settings().wallet_currency, get_jwt_identity())
