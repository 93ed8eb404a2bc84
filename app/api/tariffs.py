"""Broadcast tariffs: versioned prices per station class, usage type and time-of-day band."""
from __future__ import annotations

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.entity_errors import entity_errors
from app.api.tariff_schemas import TariffIn, TariffListArgs, TariffOut
from app.auth import BEARER, STAFF_READ, roles_required
from app.money import to_micro
from app.money.shares import percent_to_millionths
from app.services import tariffs

blp = Blueprint("tariffs", __name__, url_prefix="/api/tariffs", description="Broadcast tariffs")

TARIFF_WRITE = ("admin", "finance")


@blp.route("", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(TariffIn)
@blp.response(201, TariffOut)
@roles_required(*TARIFF_WRITE)
def create(body):
    """Add a tariff version (audited). 422 lists every problem (a window on the all-day band or
    none on another, shares not summing to 100, a window overlapping another band in force);
    409 when a version of the same band starts on or after ``validFrom``."""
    split = ({r["rightType"]: percent_to_millionths(r["share"]) for r in body["rightSplit"]}
             if body["rightSplit"] else dict(tariffs.DEFAULT_RIGHT_SPLIT))
    record = {**{k: body[k] for k in ("stationClass", "usageType", "band", "timeFrom", "timeTo", "basis", "currency",
                                      "validFrom")}, "rateMicro": to_micro(body["rate"]), "rightSplit": split}
    try:
        with entity_errors():
            return tariffs.create_tariff(record, get_jwt_identity())
    except tariffs.TariffConflict as exc:
        abort(409, message=str(exc), errors={"validFrom": [str(exc)]})


@blp.route("", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(TariffListArgs, location="query")
@blp.response(200, TariffOut(many=True))
@roles_required(*STAFF_READ)
def list_(args):
    """Tariff versions by class, usage type, band and start (``asOf``: those in force that day);
    ``X-Total-Count`` gives the total."""
    rows, total = tariffs.list_tariffs(args["skip"], args["pageSize"], args["stationClass"],
                                       args["usageType"], args["asOf"])
    return rows, 200, {"X-Total-Count": str(total)}
