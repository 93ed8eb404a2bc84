"""Wallets: balances per currency and the transactions behind them."""
from __future__ import annotations

from flask_smorest import Blueprint

from app.api.entity_errors import entity_errors
from app.api.wallet_schemas import TransactionArgs, TransactionOut, WalletArgs, WalletOut
from app.auth import BEARER, STAFF_READ, require_participant_access, roles_required
from app.services import wallets

blp = Blueprint("wallets", __name__, url_prefix="/api/wallets", description="Wallets")


@blp.route("/<participant_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(WalletArgs, location="query")
@blp.response(200, WalletOut)
@roles_required(*STAFF_READ, "participant")
def get(args, participant_id):
    """Balance (available + frozen + pending), available, frozen and pending amounts of a
    participant in ``currency`` (default: the wallet currency), and the same per currency it
    holds. A participant token reads only its own."""
    require_participant_access(participant_id)
    with entity_errors():
        return wallets.wallet(participant_id, args["currency"])


@blp.route("/<participant_id>/transactions", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(TransactionArgs, location="query")
@blp.response(200, TransactionOut(many=True))
@roles_required(*STAFF_READ, "participant")
def transactions(args, participant_id):
    """A page of the participant's wallet transactions (or of another of its accounts:
    ``account``), newest first, each naming its source (statement and source, payout,
    dispute…) and the balance after it; filters ``type``, ``source``, ``currency``,
    ``dateFrom``/``dateTo``; ``X-Total-Count`` gives the total. A participant token reads only
    its own."""
    require_participant_access(participant_id)
    with entity_errors():
        rows, total = wallets.transactions(
            participant_id, args["skip"], args["pageSize"], currency=args["currency"],
            kind=args["type"], source=args["source"], date_from=args["dateFrom"], date_to=args["dateTo"],
            account=args["account"])
    return rows, 200, {"X-Total-Count": str(total)}
