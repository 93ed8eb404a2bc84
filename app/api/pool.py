"""The central broadcast pool: balance, movements and entitlements."""
from __future__ import annotations

import datetime as dt

from flask_smorest import Blueprint

from app.api.withdrawal_schemas import EntitlementOut, MovementArgs, MovementOut, PoolArgs, PoolOut
from app.auth import BEARER, STAFF_READ, require_participant_access, roles_required
from app.services import pool as central_pool

blp = Blueprint("pool", __name__, url_prefix="/api/pool", description="The central broadcast pool")

DEFAULT_WINDOW = dt.timedelta(days=7)


@blp.route("", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(PoolArgs, location="query")
@blp.response(200, PoolOut)
@roles_required(*STAFF_READ)
def summary(args):
    """The central pool of a currency (unallocated + entitlements), and where the money that
    came in sits: stations, withdrawn to requesters — ``balanced`` proves pool + stations +
    withdrawn = deposited."""
    return central_pool.summary(args["currency"])


@blp.route("/movements", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(MovementArgs, location="query")
@blp.response(200, MovementOut(many=True))
@roles_required(*STAFF_READ)
def movements(args):
    """The pool's journal entries in [since, until) (default the last 7 days), newest first:
    play charges in, withdrawals out, reallocations inside; ``X-Total-Count`` the total."""
    until = args["until"] or dt.datetime.now(dt.timezone.utc)
    since = args["since"] or until - DEFAULT_WINDOW
    rows, total = central_pool.movements(args["currency"], since, until, args["skip"],
                                         args["pageSize"], args["kind"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/entitlements/<participant_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, EntitlementOut(many=True))
@roles_required(*STAFF_READ, "participant")
def entitlements(participant_id):
    """A participant's money in the pool: its own, what it holds as publisher for signed artists,
    and what a publisher holds for it — balance, reserved by pending withdrawals, available."""
    require_participant_access(participant_id)
    return central_pool.entitlements(participant_id)
