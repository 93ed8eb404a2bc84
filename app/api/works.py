"""Works: create, read (with writers and publishers at a date), list, update.

No DELETE, on purpose: history is never deleted.
"""
from __future__ import annotations

import datetime as dt

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint

from app.api.catalog_schemas import WorkIn, WorkListArgs, WorkOut, WorkPatch
from app.api.entity_errors import entity_errors
from app.api.schemas import AsOfArgs
from app.auth import BEARER, CATALOG_WRITE, STAFF_READ, roles_required
from app.services import works

blp = Blueprint("works", __name__, url_prefix="/api/works", description="Works (compositions)")


@blp.route("", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(WorkIn)
@blp.response(201, WorkOut)
@roles_required(*CATALOG_WRITE)
def create(body):
    """Create a work; 422 on a bad ISWC (naming the check-digit rule), 409 when the ISWC is
    already used (``errors.existingId``)."""
    with entity_errors():
        return works.create_work(body, get_jwt_identity(), dt.date.today())


@blp.route("", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(WorkListArgs, location="query")
@blp.response(200, WorkOut(many=True))
@roles_required(*STAFF_READ)
def list_(args):
    """A page of works ordered by id, filtered by ``title`` (part of the title or an alternate
    title) and ``iswc``; writers/publishers at ``asOf`` (default today). ``X-Total-Count``."""
    rows, total = works.list_works(args["skip"], args["pageSize"],
                                   args["asOf"] or dt.date.today(), title=args["title"], iswc=args["iswc"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/<work_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(AsOfArgs, location="query")
@blp.response(200, WorkOut)
@roles_required(*STAFF_READ)
def get(args, work_id):
    """One work with its recordings, and its writers and publishers: who holds its
    performance/mechanical slices with role writer/publisher at ``asOf`` (default today)."""
    with entity_errors():
        return works.get_work(work_id, args["asOf"] or dt.date.today())


@blp.route("/<work_id>", methods=["PATCH"])
@blp.doc(security=BEARER)
@blp.arguments(WorkPatch)
@blp.response(200, WorkOut)
@roles_required(*CATALOG_WRITE)
def update(body, work_id):
    """Change some of title, iswc (null clears it), alternateTitles; audited before → after.
    404 unknown id, 422 bad ISWC, 409 ISWC held by another work."""
    with entity_errors():
        return works.update_work(work_id, body, get_jwt_identity(), dt.date.today())
