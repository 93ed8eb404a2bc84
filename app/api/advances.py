"""Advances against future royalties: offers from the AdvanceOfferEngine, accepting one, and
the advance with its recoupment progress."""
from __future__ import annotations

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.advance_schemas import (ADVANCE_EXAMPLE, OFFERS_EXAMPLE, AcceptIn, AdvanceOut, OfferArgs,
                                     OffersOut)
from app.api.entity_errors import entity_errors
from app.auth import BEARER, STAFF_READ, own_participant, require_participant_access, roles_required
from app.services import advance_offers, advances

blp = Blueprint("advances", __name__, url_prefix="/api/advances", description="Advances and recoupment")

# Who may accept an offer (a money action): finance and admin for anyone, a participant its own.
ACCEPT = ("admin", "finance", "participant")


@blp.route("/offers", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(OfferArgs, location="query")
@blp.response(200, OffersOut, example=OFFERS_EXAMPLE)
@roles_required(*STAFF_READ, "participant")
def offers(args):
    """The participant's open advance offers (made and recorded when none is open; valid 30
    days): amount, recoupPercentOfNetRoyalties, buckets, estimatedPayoffMonths, expiresAt.
    ``[]`` while an advance is being recouped or when its income supports none. A participant
    token reads only its own (403); 404 unknown participant."""
    require_participant_access(args["participantId"])
    with entity_errors():
        return {"participantId": args["participantId"],
                "offers": advance_offers.current_offers(args["participantId"])}


@blp.route("", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(AcceptIn)
@blp.response(201, AdvanceOut, example=ADVANCE_EXAMPLE)
@roles_required(*ACCEPT)
def accept(body):
    """Accept an offer: the advance is granted (``advance_grant``: the wallet credited, the
    advance receivable debited; audited) and recouped from later income. 404 unknown offer;
    403 another participant's offer; 409 expired, already accepted, superseded, or while
    another advance is being recouped (``errors.reason``, ``errors.advanceId``)."""
    try:
        with entity_errors():
            return advances.accept(body["offerId"], get_jwt_identity(), participant_id=own_participant())
    except advances.NotYourOffer as exc:
        abort(403, message=str(exc))
    except advances.OfferUnavailable as exc:
        abort(409, message=str(exc), errors={"reason": exc.reason, "advanceId": exc.advance_id})


@blp.route("/<advance_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, AdvanceOut, example=ADVANCE_EXAMPLE)
@roles_required(*STAFF_READ, "participant")
def get(advance_id):
    """An advance: amount, recoupedAmount, remainingToRecoup, estimatedPayoffDate, status
    (active | recouped). A participant token reads only its own (403); 404 unknown id."""
    with entity_errors():
        advance = advances.get(advance_id)
    require_participant_access(advance["participantId"])
    return advance
