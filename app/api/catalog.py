"""Works and recordings."""
from __future__ import annotations

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.schemas import RecordingIn, RecordingOut, WorkIn, WorkOut
from app.auth import BEARER, CATALOG_WRITE, roles_required
from app.services import catalog

blp = Blueprint("catalog", __name__, url_prefix="/api", description="Works and recordings")


@blp.route("/works", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(WorkIn)
@blp.response(201, WorkOut)
@roles_required(*CATALOG_WRITE)
def create_work(body):
    """Create a work; 409 when the ISWC is already used."""
    try:
        return catalog.create_work(body, get_jwt_identity())
    except catalog.DuplicateIdentifier as exc:
        abort(409, message=str(exc), errors={"existingId": exc.entity_id})


@blp.route("/recordings", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(RecordingIn)
@blp.response(201, RecordingOut)
@roles_required(*CATALOG_WRITE)
def create_recording(body):
    """Create a recording linked to its work and performers; 409 on a used ISRC, 422 when a
    referenced work or performer does not exist."""
    try:
        return catalog.create_recording(body, get_jwt_identity())
    except catalog.DuplicateIdentifier as exc:
        abort(409, message=str(exc), errors={"existingId": exc.entity_id})
    except catalog.UnknownEntity as exc:
        field = "workId" if exc.kind == "work" else "performers"
        abort(422, message=str(exc), errors={"json": {field: [str(exc)]}})
