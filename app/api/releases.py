"""Releases: create, read, list, update.

No DELETE, on purpose: history is never deleted.
"""
from __future__ import annotations

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint

from app.api.catalog_schemas import ReleaseIn, ReleaseListArgs, ReleaseOut, ReleasePatch
from app.api.entity_errors import entity_errors
from app.auth import BEARER, CATALOG_WRITE, STAFF_READ, roles_required
from app.services import releases

blp = Blueprint("releases", __name__, url_prefix="/api/releases", description="Releases (products)")


@blp.route("", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(ReleaseIn)
@blp.response(201, ReleaseOut)
@roles_required(*CATALOG_WRITE)
def create(body):
    """Create a release with its tracks; 422 on a bad UPC/EAN-13 (naming the check-digit rule),
    an unknown territory or recording; 409 when the UPC is already used."""
    with entity_errors():
        return releases.create_release(body, get_jwt_identity())


@blp.route("", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(ReleaseListArgs, location="query")
@blp.response(200, ReleaseOut(many=True))
@roles_required(*STAFF_READ)
def list_(args):
    """A page of releases ordered by id, filtered by ``upc``, ``title`` (part) and
    ``recordingId``; ``X-Total-Count`` gives the total."""
    rows, total = releases.list_releases(args["skip"], args["pageSize"], upc=args["upc"],
                                         title=args["title"], recording_id=args["recordingId"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/<release_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, ReleaseOut)
@roles_required(*STAFF_READ)
def get(release_id):
    """One release with its track list."""
    with entity_errors():
        return releases.get_release(release_id)


@blp.route("/<release_id>", methods=["PATCH"])
@blp.doc(security=BEARER)
@blp.arguments(ReleasePatch)
@blp.response(200, ReleaseOut)
@roles_required(*CATALOG_WRITE)
def update(body, release_id):
    """Change some fields (null clears; ``tracks`` replaces the track list); audited before →
    after. 404 unknown id, 422, 409 as on create."""
    with entity_errors():
        return releases.update_release(release_id, body, get_jwt_identity())
