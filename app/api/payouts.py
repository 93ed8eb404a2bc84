"""Payouts: payout methods, requests, approval, payout runs and confirmation."""
from __future__ import annotations

from flask_jwt_extended import get_jwt, get_jwt_identity
from flask_smorest import Blueprint

from app.api.money_errors import money_errors
from app.api.payout_schemas import (PayoutBatchOut, PayoutIn, PayoutListArgs, PayoutMethodIn, PayoutMethodRecordOut,
                                    PayoutMethodPatch, PayoutOut, PayoutPatch, PayoutRunIn, ScheduleOut)
from app.auth import BEARER, STAFF_READ, require_participant_access, roles_required
from app.services import payout_methods, payout_runs, payouts

blp = Blueprint("payouts", __name__, url_prefix="/api", description="Payouts and payout methods")

FINANCE = ("admin", "finance")  # approve, run, confirm; and request or set methods for anyone


def _visible(payout: dict) -> dict:
    require_participant_access(payout["participantId"])
    return payout


@blp.route("/participants/<participant_id>/payout-methods", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, PayoutMethodRecordOut(many=True))
@roles_required(*STAFF_READ, "participant")
def list_methods(participant_id):
    """The participant's payout methods, newest first, masked (a participant token: its own)."""
    require_participant_access(participant_id)
    with money_errors():
        return payout_methods.list_methods(participant_id)


@blp.route("/participants/<participant_id>/payout-methods", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(PayoutMethodIn)
@blp.response(201, PayoutMethodRecordOut)
@roles_required(*FINANCE, "participant")
def add_method(body, participant_id):
    """Add a payout method (bank_transfer, paypal, mobile_money). Only the masked label and last
    4 are kept; it becomes the default when ``isDefault`` or when there is none (the Money Hub's
    ``defaultPayoutMethod`` follows). Audited. A participant token: its own."""
    require_participant_access(participant_id)
    make_default = body.pop("isDefault")
    with money_errors():
        return payout_methods.add_method(participant_id, body, make_default, get_jwt_identity()), 201


@blp.route("/participants/<participant_id>/payout-methods/<method_id>", methods=["PATCH"])
@blp.doc(security=BEARER)
@blp.arguments(PayoutMethodPatch)
@blp.response(200, PayoutMethodRecordOut)
@roles_required(*FINANCE, "participant")
def update_method(body, participant_id, method_id):
    """Make a method the default (``isDefault: true``) or (de)activate it (``status``);
    methods are never deleted. Audited. A participant token: its own."""
    require_participant_access(participant_id)
    with money_errors():
        return payout_methods.update_method(participant_id, method_id, body, get_jwt_identity())


@blp.route("/payouts", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(PayoutIn)
@blp.response(201, PayoutOut)
@blp.alt_response(200, schema=PayoutOut, description="the first payout requested with this idempotency key")
@roles_required(*FINANCE, "participant")
def request_(body):
    """Request a payout from the participant's wallet: 201 requested (the amount moves to
    pending at once); the same ``idempotencyKey`` again → 200 with the first payout (409 if the
    amount or currency differ). 422 below the minimum, beyond the currency's minor units, or
    without a payout method (every problem at once); 409 above the available amount, with
    ``errors.available``. Concurrent requests never overdraw. A participant token: its own."""
    require_participant_access(body["participantId"])
    with money_errors():
        payout, created = payouts.request_payout(body["participantId"], body["amount"], body["currency"],
                                                 body["idempotencyKey"], body["methodId"], get_jwt_identity())
    return payout, 201 if created else 200


@blp.route("/payouts", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(PayoutListArgs, location="query")
@blp.response(200, PayoutOut(many=True))
@roles_required(*STAFF_READ, "participant")
def list_(args):
    """A page of payouts, newest first, filtered by ``participantId``, ``status``, ``currency``
    and ``batchId``; ``X-Total-Count`` gives the total. A participant token lists its own."""
    participant_id = args["participantId"]
    if get_jwt().get("role") == "participant":
        participant_id = participant_id or get_jwt().get("participantId")
        require_participant_access(participant_id)
    rows, total = payouts.list_payouts(args["skip"], args["pageSize"], participant_id,
                                       args["status"], args["currency"], args["batchId"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/payouts/schedule", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, ScheduleOut)
@roles_required(*STAFF_READ, "participant")
def schedule():
    """The payout schedule: the monthly payout day, the next payout run, the minimum payout and
    the payout provider."""
    return payouts.schedule()


@blp.route("/payouts/<payout_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, PayoutOut)
@roles_required(*STAFF_READ, "participant")
def get(payout_id):
    """One payout with its audit trail (a participant token: its own)."""
    with money_errors():
        return _visible(payouts.get(payout_id))


@blp.route("/payouts/<payout_id>", methods=["PATCH"])
@blp.doc(security=BEARER)
@blp.arguments(PayoutPatch)
@blp.response(200, PayoutOut)
@roles_required(*FINANCE)
def patch(body, payout_id):
    """Move a payout (finance or admin): requested → approved → processing (submitted to the
    payout provider in a batch of one) → paid (posts payout_paid) | failed (posts payout_failed:
    the money returns to the wallet); requested and approved may also fail (a refusal). 409
    for any other move, with ``errors.allowedTransitions``. Audited."""
    with money_errors():
        if body["status"] == "processing":
            payout_runs.run_payouts(get_jwt_identity(), payout_ids=[payout_id])
            return payouts.get(payout_id)
        return payouts.transition(payout_id, body["status"], get_jwt_identity(), body["reason"], body["reference"])


@blp.route("/payout-batches", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(PayoutRunIn)
@blp.response(201, PayoutBatchOut(many=True))
@roles_required(*FINANCE)
def run(body):
    """A payout run: every approved payout (of ``currency``) goes to the payout provider, one
    batch per currency (the file provider writes a payment batch CSV and records its sha256);
    the payouts become processing. Batches a stopped run left are submitted first."""
    return payout_runs.run_payouts(get_jwt_identity(), currency=body["currency"]), 201


@blp.route("/payout-batches/<batch_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, PayoutBatchOut)
@roles_required(*STAFF_READ)
def get_batch(batch_id):
    """A payout batch: provider, file location and sha256, total, its payouts."""
    with money_errors():
        return payout_runs.get_batch(batch_id)

