"""A participant's account: its subscription plan and the upgrades it can take."""
from __future__ import annotations

from flask_smorest import Blueprint

from app.api.entity_errors import entity_errors
from app.api.money_schemas import PLAN_EXAMPLE, AccountPlanOut
from app.auth import BEARER, STAFF_READ, require_participant_access, roles_required
from app.services import plans

blp = Blueprint("account", __name__, url_prefix="/api/account", description="Account and plans")


@blp.route("/plan/<participant_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, AccountPlanOut, example=PLAN_EXAMPLE)
@roles_required(*STAFF_READ, "participant")
def plan(participant_id):
    """The participant's current plan (id, name, monthly price, features, limits — a null limit is
    unlimited) and the plans it can upgrade to, as data."""
    require_participant_access(participant_id)
    with entity_errors():
        return plans.participant_plan(participant_id)
