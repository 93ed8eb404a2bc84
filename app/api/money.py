"""The artist-facing Money Hub: hub, track, rights, alerts, and why each cent moved."""
from __future__ import annotations

from flask_jwt_extended import get_jwt, get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.entity_errors import entity_errors
from app.api.explain_schemas import EXPLAIN_EXAMPLE, ExplainArgs, ExplainOut
from app.api.money_schemas import (ALERT_EXAMPLE, ALERTS_EXAMPLE, HUB_EXAMPLE, RIGHTS_EXAMPLE, TRACK_EXAMPLE,
                                   AlertArgs, AlertOut, AlertPatchIn, AlertsOut, MoneyHubOut, RightsArgs, RightsOut,
                                   TrackArgs, MoneyTrackOut)
from app.auth import BEARER, MONEY_WRITE, STAFF_READ, require_participant_access, roles_required
from app.services import alerts, explain, money_hub, money_rights, money_track

blp = Blueprint("money", __name__, url_prefix="/api/money", description="Money Hub")


def _token_participant() -> str | None:
    """The participantId of a participant token (None for staff)."""
    claims = get_jwt()
    return claims.get("participantId") if claims.get("role") == "participant" else None


@blp.route("/hub/<participant_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, MoneyHubOut, example=HUB_EXAMPLE)
@roles_required(*STAFF_READ, "participant")
def hub(participant_id):
    """Wallet (with available, frozen and pending), income by source, monthly timeline (income,
    payouts paid, recouped), top tracks and flags of a participant."""
    require_participant_access(participant_id)
    with entity_errors():
        return money_hub.hub(participant_id)


@blp.route("/track/<recording_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(TrackArgs, location="query")
@blp.response(200, MoneyTrackOut, example=TRACK_EXAMPLE)
@roles_required(*STAFF_READ, "participant")
def track(args, recording_id):
    """One recording as a participant sees it: lifetime and last-period income by right type and
    source (and, for staff, the track's total), its roles and ownership today, the track's
    participants, split status, registrations and status (ok | missing_publishing | disputed).
    A participant token reads only its own view of a track it is on (403 otherwise)."""
    participant_id = args["participantId"]
    require_participant_access(participant_id)
    try:
        with entity_errors():
            return money_track.track(recording_id, participant_id, with_total=_token_participant() is None)
    except money_track.NotOnTrack as exc:
        abort(403, message=str(exc))


@blp.route("/rights/<participant_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(RightsArgs, location="query")
@blp.response(200, RightsOut, example=RIGHTS_EXAMPLE)
@roles_required(*STAFF_READ, "participant")
def rights(args, participant_id):
    """A page of the participant's works and recordings (recordings first): every ownership slice
    (right type, share, territories, validity, agreement, in force on ``asOf``), registration
    status per society, disputed flag. ``X-Total-Count`` (and ``total``) count all its assets."""
    require_participant_access(participant_id)
    with entity_errors():
        page = money_rights.rights(participant_id, args["skip"], args["pageSize"], args["asOf"])
    return page, 200, {"X-Total-Count": str(page["total"])}


@blp.route("/alerts/<participant_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(AlertArgs, location="query")
@blp.response(200, AlertsOut, example=ALERTS_EXAMPLE)
@roles_required(*STAFF_READ, "participant")
def participant_alerts(args, participant_id):
    """A page of the participant's alerts, newest first (types missing_money, fraud_risk,
    data_integrity, registration_gap; statuses open, investigating, resolved), filtered by
    ``type`` and ``status``; ``counts`` per status. ``X-Total-Count`` (and ``total``) count the
    matching alerts."""
    require_participant_access(participant_id)
    with entity_errors():
        page = alerts.participant_alerts(participant_id, args["skip"], args["pageSize"], args["type"], args["status"])
    return page, 200, {"X-Total-Count": str(page["total"])}


@blp.route("/alerts/<alert_id>", methods=["PATCH"])
@blp.doc(security=BEARER)
@blp.arguments(AlertPatchIn)
@blp.response(200, AlertOut, example=ALERT_EXAMPLE)
@roles_required(*MONEY_WRITE, "participant")
def patch_alert(body, alert_id):
    """Move an alert open → investigating → resolved (or open → resolved), with an optional note;
    audited. 409 for another move, with ``errors.allowedTransitions``; a participant token may
    move only its own alerts (404 for others')."""
    with entity_errors():
        return alerts.set_status(alert_id, body["status"], body["note"], get_jwt_identity(), _token_participant())


@blp.route("/explain/<transaction_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(ExplainArgs, location="query")
@blp.response(200, ExplainOut, example=EXPLAIN_EXAMPLE)
@roles_required(*STAFF_READ, "participant")
def explain_transaction(args, transaction_id):
    """Why a wallet transaction (``<entryId>.<accountId>``) is what it is: the journal entry; for
    an allocation, the statement and a page of its lines with the matched recording / work and
    how it matched, the ownership slices and agreements in force at the line's date and
    territory, the share and the split arithmetic that reproduces the amount, and holds; for a
    payout, dispute or advance, that object and its audit trail. A participant token explains
    only transactions on its own accounts (403)."""
    try:
        owner = explain.owner_of(transaction_id)
        own = _token_participant()
        if own is not None and owner != own:
            abort(403, message="a participant token may only explain its own transactions")
        return explain.explain(transaction_id, args["skip"], args["pageSize"])
    except (ValueError, explain.TransactionNotFound):
        abort(404, message=f"unknown transaction {transaction_id} (expected <entryId>.<accountId>)")
