"""Partners' repertoire (issue 7 item 2): file imports (CSV, CWR, DDEX ERN), their progress and
logs, and the repertoire itself. Importing is ops' (and admin's) work; every staff role reads;
participant and station tokens get 403. A partner in a URL is its participantId or society code.

An upload up to ``RIGHTSGRAPH_REPERTOIRE_INLINE_BYTES`` (default 5 MiB) is imported in the
request (201 with the log); a larger one is queued on Celery when a broker is configured (202,
``Location`` the import to watch), else imported in the request too.
"""
from __future__ import annotations

from flask import url_for
from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.entity_errors import entity_errors
from app.api.repertoire_schemas import (RepertoireArgs, RepertoireFile, RepertoireImportOut, RepertoireImportSummaryOut,
                                        RepertoireItemOut, RepertoireUploadForm)
from app.api.schemas import PageArgs
from app.auth import BEARER, STAFF_READ, roles_required
from app.services import jobs, partners, repertoire_import
from app.services.db import settings
from app.services.files import store
from importers.records import FormatError

blp = Blueprint("repertoire", __name__, url_prefix="/api/partners", description="Partners' repertoire")

INGEST = ("admin", "ops")


@blp.route("/<partner_id>/repertoire/import", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(RepertoireUploadForm, location="form")
@blp.arguments(RepertoireFile, location="files")
@blp.response(201, RepertoireImportOut)
@blp.alt_response(200, schema=RepertoireImportOut, description="a dry run, or the same file imported before")
@blp.alt_response(202, schema=RepertoireImportOut, description="queued (large file): Location is the import")
@roles_required(*INGEST)
def import_(form, files, partner_id):
    """Import a partner's repertoire file (multipart ``file``, ``format`` csv | cwr | ddex-ern,
    ``dryRun``): works by ISWC, recordings by ISRC, fuzzy title + writers without ISWC; the
    import log ``{works, recordings, writers, publishers, created, updated, conflicts,
    missingIds, errors}``. 201 imported; 200 dry run (nothing written) or the same file
    imported for this partner before (its first log, nothing written); 202 queued. 404 unknown
    partner; 422 ``format``, or ``file`` when it is not a file of that format."""
    upload = files["file"]
    actor = get_jwt_identity()
    try:
        with entity_errors():
            partners.get_partner(partner_id)
            path, _, _ = store(upload.stream, upload.filename or "repertoire", folder="repertoire")
            if form["dryRun"]:
                return repertoire_import.import_repertoire(path, partner_id, form["format"], actor, dry_run=True), 200
            found, runnable = repertoire_import.register(path, partner_id, form["format"], actor,
                                                         filename=upload.filename)
            if not runnable:
                return found, 200
            if path.stat().st_size > settings().repertoire_inline_bytes:
                result, queued = jobs.import_repertoire(found["importId"], str(path), actor)
            else:
                result, queued = repertoire_import.run_import(found["importId"], path, actor), False
    except FormatError as exc:
        abort(422, message=str(exc), errors={"files": {"file": [str(exc)]}})
    if queued:
        location = url_for("repertoire.get_import", partner_id=partner_id, import_id=found["importId"])
        return {**result, "queued": True}, 202, {"Location": location}
    return result, 201


@blp.route("/<partner_id>/repertoire/imports", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(PageArgs, location="query")
@blp.response(200, RepertoireImportSummaryOut(many=True))
@roles_required(*STAFF_READ)
def list_imports(args, partner_id):
    """The partner's repertoire imports, newest first, with their status and progress;
    ``X-Total-Count`` the total. 404 unknown partner."""
    with entity_errors():
        rows, total = repertoire_import.list_imports(partner_id, args["skip"],
                                                     args["pageSize"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/<partner_id>/repertoire/imports/<import_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, RepertoireImportOut)
@roles_required(*STAFF_READ)
def get_import(partner_id, import_id):
    """One import: status (queued | running | done | failed), progress (``done`` of ``total``
    records), error and log. 404 unknown partner or import (or an import of another partner)."""
    with entity_errors():
        code = partners.get_partner(partner_id)["code"]
        found = repertoire_import.get_import(import_id)
    if found["partnerCode"] != code:
        abort(404, message=f"unknown repertoire import {import_id} of {partner_id}")
    return found


@blp.route("/<partner_id>/repertoire", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(RepertoireArgs, location="query")
@blp.response(200, RepertoireItemOut(many=True))
@roles_required(*STAFF_READ)
def list_repertoire(args, partner_id):
    """A page of the partner's works (``kind=work``, with the partner's claims) or recordings
    (``kind=recording``, with their works), by title; ``q`` filters on a title containing it
    or an equal ISWC / ISRC; ``X-Total-Count`` the total. 404 unknown partner."""
    with entity_errors():
        rows, total = repertoire_import.repertoire(partner_id, args["kind"], args["q"],
                                                   args["skip"], args["pageSize"])
    return rows, 200, {"X-Total-Count": str(total)}
