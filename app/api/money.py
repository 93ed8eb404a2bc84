"""The artist-facing Money Hub."""
from __future__ import annotations

from flask_smorest import Blueprint, abort

from app.api.schemas import MoneyHubOut
from app.auth import BEARER, STAFF_READ, require_participant_access, roles_required
from app.services import money_hub

blp = Blueprint("money", __name__, url_prefix="/api/money", description="Money Hub")


@blp.route("/hub/<participant_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, MoneyHubOut)
@roles_required(*STAFF_READ, "participant")
def hub(participant_id):
    """Wallet, income by source, monthly timeline, top tracks and flags of a participant."""
    require_participant_access(participant_id)
    try:
        return money_hub.hub(participant_id)
    except money_hub.ParticipantNotFound:
        abort(404, message=f"unknown participant {participant_id}")
