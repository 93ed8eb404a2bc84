"""Wallet balances."""
from __future__ import annotations

from flask_smorest import Blueprint, abort

from app.api.schemas import WalletOut
from app.auth import BEARER, STAFF_READ, require_participant_access, roles_required
from app.services import money_hub

blp = Blueprint("wallets", __name__, url_prefix="/api/wallets", description="Wallets")


@blp.route("/<participant_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, WalletOut)
@roles_required(*STAFF_READ, "participant")
def get(participant_id):
    """Balance, available, frozen and pending amounts of a participant's wallet."""
    require_participant_access(participant_id)
    try:
        return money_hub.wallet(participant_id)
    except money_hub.ParticipantNotFound:
        abort(404, message=f"unknown participant {participant_id}")
