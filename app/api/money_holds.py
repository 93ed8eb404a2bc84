"""The Money Hub's disputes and advances payloads (``/api/money/disputes/{participantId}``,
``/api/money/advances/{participantId}``): what a participant has frozen and why, and its
advances — offers, active, history."""
from __future__ import annotations

from flask_smorest import Blueprint

from app.api.advance_schemas import (MONEY_ADVANCES_EXAMPLE, MONEY_DISPUTES_EXAMPLE, MoneyAdvancesOut,
                                     MoneyDisputesOut)
from app.api.entity_errors import entity_errors
from app.auth import BEARER, STAFF_READ, require_participant_access, roles_required
from app.services import advances, dispute_manager

blp = Blueprint("money_holds", __name__, url_prefix="/api/money", description="Money Hub: disputes and advances")


@blp.route("/disputes/<participant_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, MoneyDisputesOut, example=MONEY_DISPUTES_EXAMPLE)
@roles_required(*STAFF_READ, "participant")
def disputes(participant_id):
    """The participant's disputes (raised or involving it), newest first: the asset, status
    (open | in_review | resolved | rejected), dates, counterparties, reason and the money it has
    frozen under each; ``totals.frozenTotal``. A participant token reads only its own (403);
    404 unknown participant."""
    require_participant_access(participant_id)
    with entity_errors():
        return dispute_manager.participant_disputes(participant_id)


@blp.route("/advances/<participant_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, MoneyAdvancesOut, example=MONEY_ADVANCES_EXAMPLE)
@roles_required(*STAFF_READ, "participant")
def advances_(participant_id):
    """The participant's advances: open ``offers`` (as ``GET /api/advances/offers``),
    ``active`` advances with their recoupment, ``history`` (recouped), and ``totals``. A
    participant token reads only its own (403); 404 unknown participant."""
    require_participant_access(participant_id)
    with entity_errors():
        return advances.participant_advances(participant_id)
