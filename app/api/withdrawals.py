"""Withdrawals from the central pool under access rules: request, the finance queue, decisions."""
from __future__ import annotations

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.money_errors import money_errors
from app.api.withdrawal_schemas import WithdrawalRejectIn, WithdrawalIn, WithdrawalListArgs, WithdrawalOut
from app.auth import BEARER, STAFF_READ, own_participant, roles_required
from app.services import withdrawals

blp = Blueprint("withdrawals", __name__, url_prefix="/api/withdrawals", description="Withdrawals from the pool")

FINANCE = ("admin", "finance")


def _visible(withdrawal: dict) -> dict:
    """A participant token sees only withdrawals it requested or that are for it (403)."""
    own = own_participant()
    if own is not None and own not in (withdrawal["requesterId"], withdrawal["forParticipantId"]):
        abort(403, message="a participant token may only read its own withdrawals")
    return withdrawal


@blp.route("", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(WithdrawalIn)
@blp.response(201, WithdrawalOut)
@roles_required(*FINANCE, "participant")
def create(body):
    """Ask to draw money out of the central pool (status pending; audited). A self-published
    participant asks for itself; a publisher for an artist signed to it (``forParticipantId``);
    a signed artist may not ask (403 with the reason, naming its publisher and agreement); a
    participant token asks only as itself (403). 422 lists unknown participants, an amount
    under the payout minimum or with too many decimals, a missing payout method; 409 when the
    amount is more than the entitlement left (``errors.available``). The same idempotency key
    again returns the first withdrawal (200)."""
    own = own_participant()
    if own is not None and body["requesterId"] != own:
        abort(403, message="a participant token may only request withdrawals as itself")
    with money_errors():
        withdrawal, created = withdrawals.request_withdrawal(body, get_jwt_identity())
    return withdrawal, 201 if created else 200


@blp.route("", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(WithdrawalListArgs, location="query")
@blp.response(200, WithdrawalOut(many=True))
@roles_required(*STAFF_READ, "participant")
def list_(args):
    """A page of withdrawals, newest first (``status=pending``: the finance queue), filtered by
    participant (requested by or for it); a participant token lists only its own."""
    own = own_participant()
    if own is not None and args["participantId"] not in (None, own):
        abort(403, message="a participant token may only list its own withdrawals")
    rows, total = withdrawals.list_withdrawals(args["skip"], args["pageSize"],
                                               args["status"], own or args["participantId"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/<withdrawal_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, WithdrawalOut)
@roles_required(*STAFF_READ, "participant")
def get(withdrawal_id):
    """One withdrawal with its transfer status and audit trail."""
    with money_errors():
        return _visible(withdrawals.get(withdrawal_id))


@blp.route("/<withdrawal_id>/approve", methods=["POST"])
@blp.doc(security=BEARER)
@blp.response(200, WithdrawalOut)
@roles_required(*FINANCE)
def approve(withdrawal_id):
    """Approve a pending withdrawal: its amount moves from the pool to the requester's wallet,
    then out through a payout (transfer requested); the withdrawal is processed. 409 when it is
    not pending or the entitlement no longer covers it."""
    with money_errors():
        return withdrawals.approve(withdrawal_id, get_jwt_identity())


@blp.route("/<withdrawal_id>/process", methods=["POST"])
@blp.doc(security=BEARER)
@blp.response(200, WithdrawalOut)
@roles_required(*FINANCE)
def process(withdrawal_id):
    """Finish an approved withdrawal whose payout step failed (e.g. the provider was down):
    request its payout now. A processed one is returned unchanged."""
    with money_errors():
        return withdrawals.process(withdrawal_id, get_jwt_identity())


@blp.route("/<withdrawal_id>/reject", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(WithdrawalRejectIn)
@blp.response(200, WithdrawalOut)
@roles_required(*FINANCE)
def reject(body, withdrawal_id):
    """Reject a pending withdrawal with a reason (nothing moves). 409 when it is not pending."""
    with money_errors():
        return withdrawals.reject(withdrawal_id, body["reason"], get_jwt_identity())
