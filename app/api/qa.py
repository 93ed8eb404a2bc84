"""Attribution QA (issue 7 item 3): the queue of plays in review (local catalog or partners'
repertoire), the manual link override, and unmatched usage. GETs: staff; links: admin, ops."""
from __future__ import annotations

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint

from app.api.entity_errors import entity_errors
from app.api.playlog_schemas import PlayOut
from app.api.qa_schemas import QaItemOut, QaLinkIn, QaQueueArgs, UnmatchedArgs, UnmatchedOut
from app.auth import BEARER, CATALOG_WRITE, STAFF_READ, roles_required
from app.services import play_review, qa

blp = Blueprint("qa", __name__, url_prefix="/api", description="Attribution QA and unmatched usage")


@blp.route("/qa/attributions", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(QaQueueArgs, location="query")
@blp.response(200, QaItemOut(many=True))
@roles_required(*STAFF_READ)
def queue(args):
    """Plays whose attribution waits for a person, oldest first, with the candidate recording
    or work, confidence, method and origin partner; filters stationId, partner (participantId
    or code), minConfidence / maxConfidence; ``X-Total-Count`` the total. 422 unknown partner."""
    filters = {k: args[k] for k in ("stationId", "partner", "minConfidence", "maxConfidence")}
    with entity_errors():
        rows, total = qa.qa_queue(args["skip"], args["pageSize"], filters)
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/qa/attributions/<play_id>/link", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(QaLinkIn)
@blp.response(200, PlayOut)
@roles_required(*CATALOG_WRITE)
def link(body, play_id):
    """Manual override (also how an unmatched play is resolved): attribute the play to
    ``recordingId`` or to ``workId`` only (method manual, the previous attribution superseded,
    audited). An uncharged play is then charged; a charged one keeps its charge and its money is
    re-routed inside the pool (one reallocation entry). 404 unknown play, 422 unknown recording
    or work, 409 when another run charged the play meanwhile (link again)."""
    with entity_errors():
        if body["recordingId"]:
            return play_review.link(play_id, body["recordingId"], get_jwt_identity(), body["note"])
        return play_review.link_work(play_id, body["workId"], get_jwt_identity(), body["note"])


@blp.route("/usage/unmatched", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(UnmatchedArgs, location="query")
@blp.response(200, UnmatchedOut(many=True))
@roles_required(*STAFF_READ)
def unmatched(args):
    """Plays nothing matched (never charged until linked with the link endpoint), oldest first;
    filters stationId, from / to (station-local dates, inclusive); ``X-Total-Count``."""
    filters = {"stationId": args["stationId"], "from": args["from_"], "to": args["to"]}
    with entity_errors():
        rows, total = qa.unmatched_usage(args["skip"], args["pageSize"], filters)
    return rows, 200, {"X-Total-Count": str(total)}
