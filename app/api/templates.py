"""Statement mapping templates, layout detection, the statement list and royalty events."""
from __future__ import annotations

import os
import tempfile

from flask_jwt_extended import get_jwt, get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.schemas import StatementFile
from app.api.template_schemas import (
    DetectionOut, EventArgs, EventOut, StatementListArgs, StatementListItem, TemplateIn, TemplateListArgs, TemplateOut,
    TemplateSummaryOut, TemplateVersionArgs,
)  # fmt: skip
from app.auth import BEARER, MONEY_WRITE, STAFF_READ, require_participant_access, roles_required
from app.money import format_amount
from app.services import statement_queries, templates

blp = Blueprint("templates", __name__, url_prefix="/api/royalties",
                description="Statement mapping templates, layout detection, statement list and royalty events")


def _template_errors(exc: templates.TemplateError):
    abort(422, message="invalid statement template", errors={"json": exc.errors})


@blp.route("/templates", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(TemplateIn)
@blp.response(201, TemplateOut)
@roles_required(*MONEY_WRITE)
def create(body):
    """Store a mapping template for a statement layout that has no adapter (version 1, audited).
    422 names every field at fault (unknown fields, a required mapping missing, invalid
    constants or formats); 409 when a template already has the name (change it with PUT)."""
    try:
        return templates.create(body, get_jwt_identity())
    except templates.TemplateError as exc:
        _template_errors(exc)
    except templates.TemplateExists as exc:
        abort(409, message=str(exc), errors={"json": {"name": [str(exc)]}})


@blp.route("/templates", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(TemplateListArgs, location="query")
@blp.response(200, TemplateSummaryOut(many=True))
@roles_required(*STAFF_READ)
def list_(args):
    """A page of templates by id, each at its current version; ``X-Total-Count`` gives the total."""
    items, total = templates.list_templates(args["source"], args["skip"], args["pageSize"])
    return items, 200, {"X-Total-Count": str(total)}


@blp.route("/templates/<template_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(TemplateVersionArgs, location="query")
@blp.response(200, TemplateOut)
@roles_required(*STAFF_READ)
def get(args, template_id):
    """A template at its current version (or ``?version=``), with the list of its versions."""
    try:
        return templates.get(template_id, args["version"])
    except templates.TemplateNotFound as exc:
        abort(404, message=f"unknown template {exc}")


@blp.route("/templates/<template_id>", methods=["PUT"])
@blp.doc(security=BEARER)
@blp.arguments(TemplateIn)
@blp.response(200, TemplateOut)
@roles_required(*MONEY_WRITE)
def revise(body, template_id):
    """Make this document the template's next version (audited); statements parsed before keep
    the version they were parsed with. The current document again changes nothing
    (``changed`` false). 404 unknown template, 409 a name another template has, 422 as POST."""
    try:
        template, changed = templates.revise(template_id, body, get_jwt_identity())
    except templates.TemplateNotFound:
        abort(404, message=f"unknown template {template_id}")
    except templates.TemplateError as exc:
        _template_errors(exc)
    except templates.TemplateExists as exc:
        abort(409, message=str(exc), errors={"json": {"name": [str(exc)]}})
    return {**template, "changed": changed}


@blp.route("/statements/detect", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(StatementFile, location="files")
@blp.response(200, DetectionOut)
@roles_required(*MONEY_WRITE)
def detect(files):
    """The layout of a statement file from its header (nothing is stored): a code adapter's
    ``source`` (confidence 1), else the stored template fitting best (``templateId``;
    confidence 1 for its exact header, else the overlap of the columns), else nulls and
    confidence 0. ``headerColumns`` is the header as read."""
    upload = files["file"]
    handle, path = tempfile.mkstemp(prefix="rightsgraph-detect-", suffix=os.path.splitext(upload.filename or "")[1])
    try:
        with os.fdopen(handle, "wb") as out:
            upload.save(out)
        return templates.detect(path).as_dict()
    finally:
        os.unlink(path)


@blp.route("/statements", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(StatementListArgs, location="query")
@blp.response(200, StatementListItem(many=True))
@roles_required(*STAFF_READ)
def list_statements(args):
    """A page of statements, newest upload first, filtered by ``source``, ``status``,
    ``templateId``, ``period`` (a sale month of its lines, or given at upload) and upload date
    (``uploadedFrom``/``uploadedTo``, inclusive); ``X-Total-Count`` gives the total."""
    items, total = statement_queries.list_statements(
        source=args["source"], status=args["status"], template_id=args["templateId"], period=args["period"],
        uploaded_from=args["uploadedFrom"], uploaded_to=args["uploadedTo"], skip=args["skip"], limit=args["pageSize"])
    out = [{**s, "gross": None if s.get("grossMicro") is None else format_amount(s["grossMicro"])} for s in items]
    return out, 200, {"X-Total-Count": str(total)}


@blp.route("/events", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(EventArgs, location="query")
@blp.response(200, EventOut(many=True))
@roles_required(*STAFF_READ, "participant")
def events(args):
    """A page of royalty events (normalized statement lines), newest statement first, with their
    allocation, filtered by ``participantId``, ``recordingId``, ``statementId``, ``period`` and
    ``source``; ``X-Total-Count`` gives the total. With ``participantId``: only events
    allocated to that participant, with its ``amount`` and only its own allocations. A
    participant token reads only its own participant (its default; 403 for another). 404 for an
    unknown participant, recording or statement."""
    participant_id = args["participantId"]
    if get_jwt().get("role") == "participant":
        participant_id = participant_id or get_jwt().get("participantId")
        require_participant_access(participant_id)
    try:
        items, total = statement_queries.events(
            participant_id=participant_id, recording_id=args["recordingId"], statement_id=args["statementId"],
            period=args["period"], source=args["source"], skip=args["skip"], limit=args["pageSize"])
    except statement_queries.UnknownReference as exc:
        abort(404, message=str(exc))
    return items, 200, {"X-Total-Count": str(total)}
