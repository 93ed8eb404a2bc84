"""Recordings: create, read (with performers and sound-recording owners at a date), list,
update.

No DELETE, on purpose: history is never deleted.
"""
from __future__ import annotations

import datetime as dt

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint

from app.api.catalog_schemas import RecordingIn, RecordingListArgs, RecordingOut, RecordingPatch
from app.api.entity_errors import entity_errors
from app.api.schemas import AsOfArgs
from app.auth import BEARER, CATALOG_WRITE, STAFF_READ, roles_required
from app.services import recordings

blp = Blueprint("recordings", __name__, url_prefix="/api/recordings", description="Sound recordings")


@blp.route("", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(RecordingIn)
@blp.response(201, RecordingOut)
@roles_required(*CATALOG_WRITE)
def create(body):
    """Create a recording linked to its work and performers (primary, featured,
    non_featured); 422 on a bad ISRC or an unknown work or performer, 409 on a used ISRC."""
    with entity_errors():
        return recordings.create_recording(body, get_jwt_identity(), dt.date.today())


@blp.route("", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(RecordingListArgs, location="query")
@blp.response(200, RecordingOut(many=True))
@roles_required(*STAFF_READ)
def list_(args):
    """A page of recordings ordered by id, filtered by ``isrc``, ``title`` (part), ``workId``
    and ``participantId`` (performs on it or holds a slice of it); owners at ``asOf`` (default
    today). ``X-Total-Count`` gives the total."""
    rows, total = recordings.list_recordings(
        args["skip"], args["pageSize"], args["asOf"] or dt.date.today(),
        isrc=args["isrc"], title=args["title"], work_id=args["workId"], participant_id=args["participantId"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/<recording_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(AsOfArgs, location="query")
@blp.response(200, RecordingOut)
@roles_required(*STAFF_READ)
def get(args, recording_id):
    """One recording with its performers, releases, and sound-recording owners: who holds its
    master slices at ``asOf`` (default today)."""
    with entity_errors():
        return recordings.get_recording(recording_id, args["asOf"] or dt.date.today())


@blp.route("/<recording_id>", methods=["PATCH"])
@blp.doc(security=BEARER)
@blp.arguments(RecordingPatch)
@blp.response(200, RecordingOut)
@roles_required(*CATALOG_WRITE)
def update(body, recording_id):
    """Change some fields (null clears; ``performers`` replaces the list; ``workId`` null
    unlinks the work); audited before → after. 404 unknown id, 422, 409 as on create."""
    with entity_errors():
        return recordings.update_recording(recording_id, body, get_jwt_identity(), dt.date.today())
