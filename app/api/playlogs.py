"""Play logs: plays posted one by one or in batches, their attribution review and manual links."""
from __future__ import annotations

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.entity_errors import entity_errors
from app.api.playlog_schemas import (PlayLinkIn, PlayListArgs, PlayLogImportOut, PlayLogIn, PlayLogResultOut, PlayOut,
                                     PlayReviewArgs, PlayReviewItemOut)
from app.auth import BEARER, STAFF_READ, roles_required
from app.money import format_amount
from app.services import play_review, playlogs

blp = Blueprint("playlogs", __name__, url_prefix="/api/playlogs", description="Broadcast play logs")

PLAY_WRITE = ("admin", "ops")


def _rejections_422(issues: list[dict], single: bool):
    """422 naming every rejected play's field and reason (``errors.json.plays.<index>``)."""
    errors: dict = {}
    for issue in issues:
        at = errors if single else errors.setdefault("plays", {}).setdefault(issue["line"] - 1, {})
        at.setdefault(issue["field"] or "_schema", []).append(issue["message"])
    abort(422, message="no play was accepted", errors={"json": errors})


@blp.route("", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(PlayLogIn)
@blp.response(201, PlayLogResultOut)
@roles_required(*PLAY_WRITE)
def post(body):
    """Post one play, or ``{"plays": [...]}``: each is checked (unknown station, future time,
    negative duration, duplicate play id, repeat detection, malformed ISRC → rejected with its
    reason and counted, never charged), written once (the same batch again changes nothing),
    attributed to the catalog and, when matched, charged to its station into the central pool.
    201 with the counts, rejections and each accepted play's outcome; 422 when no play was
    accepted (every reason listed)."""
    result = playlogs.post_plays(playlogs.records_from_api(body["plays"]), get_jwt_identity())
    found = result["import"]
    if not found["accepted"] and result["issues"]:
        _rejections_422(result["issues"], body["single"])
    return {**{k: found[k] for k in ("importId", "received", "accepted", "rejected", "duplicates")},
            "new": result["new"], "charged": result["charged"], "chargedAmount": format_amount(result["chargedMicro"]),
            "refused": result["refused"], "rejections": result["issues"],
            "plays": [p | {"charged": None if p["chargedMicro"] is None else format_amount(p["chargedMicro"])}
                      for p in result["plays"]]}


@blp.route("", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(PlayListArgs, location="query")
@blp.response(200, PlayOut(many=True))
@roles_required(*STAFF_READ)
def list_(args):
    """A page of plays, newest first, filtered by station, attribution status, charge status,
    import, recording and time; ``X-Total-Count`` gives the total."""
    filters = {k: args[k] for k in ("stationId", "status", "chargeStatus", "importId", "recordingId", "since", "until")}
    rows, total = play_review.list_plays(args["skip"], args["pageSize"], **filters)
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/review", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(PlayReviewArgs, location="query")
@blp.response(200, PlayReviewItemOut(many=True))
@roles_required(*STAFF_READ)
def review(args):
    """The attribution review queue, oldest first: plays whose best match is in the review band
    or whose detection was unsure, with the candidate recording; ``X-Total-Count`` the total."""
    rows, total = play_review.review_queue(args["skip"], args["pageSize"], args["stationId"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/<play_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, PlayOut)
@roles_required(*STAFF_READ)
def get(play_id):
    """One play: its attributions (newest first) and, once charged, who got what and why."""
    with entity_errors():
        return play_review.get_play(play_id)


@blp.route("/<play_id>/link", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(PlayLinkIn)
@blp.response(200, PlayOut)
@roles_required(*PLAY_WRITE)
def link(body, play_id):
    """Manual link override: attribute the play to ``recordingId`` (method manual; the previous
    attribution superseded, audited). An uncharged play is then charged; a charged one keeps its
    charge and its money moves to the new recording's payees inside the pool. 404 unknown play,
    422 unknown recording, 409 when another run charged the play meanwhile (link again)."""
    with entity_errors():
        return play_review.link(play_id, body["recordingId"], get_jwt_identity(), body["note"])


@blp.route("/imports/<import_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, PlayLogImportOut)
@roles_required(*STAFF_READ)
def get_import(import_id):
    """A play-log import (file or API batch): its counts, its plays by attribution and charge
    status, the amount charged, and its rejected rows with their reasons."""
    with entity_errors():
        found = playlogs.get_import(import_id)
    return {**found["import"], "byStatus": found["byStatus"], "charged": format_amount(found["chargedMicro"]),
            "rejections": playlogs.import_issues(import_id, 0, 500)}
