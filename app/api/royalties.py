"""Royalty statements: upload, process, status, rejected rows."""
from __future__ import annotations

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.schemas import PageArgs, ReviewArgs, ReviewItemOut, StatementFile, StatementIssueOut, StatementOut, StatementUploadForm
from app.auth import BEARER, MONEY_WRITE, STAFF_READ, roles_required
from app.money import format_amount
from app.services import jobs, statements
from importers.records import FormatError

blp = Blueprint("royalties", __name__, url_prefix="/api/royalties", description="Royalty statements")


def _out(statement: dict, **flags) -> dict:
    gross = statement.get("grossMicro")
    return {**statement, "gross": None if gross is None else format_amount(gross), **flags}


@blp.route("/statements", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(StatementUploadForm, location="form")
@blp.arguments(StatementFile, location="files")
@blp.response(201, StatementOut)
@roles_required(*MONEY_WRITE)
def upload(form, files):
    """Upload a statement file (multipart ``file`` + ``source``). The same bytes again return
    the first statement with ``duplicate`` true (200). 422 when the file is not in the
    source's layout, naming the missing columns."""
    upload_ = files["file"]
    try:
        statement, created = statements.register(upload_.stream, upload_.filename or "statement", form["source"],
                                                 actor=get_jwt_identity())
    except statements.UnknownSource as exc:
        abort(422, message=str(exc), errors={"form": {"source": [str(exc)]}})
    except FormatError as exc:
        abort(422, message=str(exc), errors={"files": {"file": [str(exc)]}, "missingColumns": exc.missing})
    return _out(statement, duplicate=not created), 201 if created else 200


@blp.route("/statements/<statement_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, StatementOut)
@roles_required(*STAFF_READ)
def get(statement_id):
    """Status, progress (lines read, batches done) and totals of a statement."""
    try:
        return _out(statements.get(statement_id))
    except statements.StatementNotFound:
        abort(404, message=f"unknown statement {statement_id}")


@blp.route("/statements/<statement_id>/process", methods=["POST"])
@blp.doc(security=BEARER)
@blp.response(200, StatementOut)
@roles_required(*MONEY_WRITE)
def process(statement_id):
    """Match and allocate a statement: in-process (200, final status) or queued on Celery
    (202, ``queued`` true). Processing a processed statement changes nothing."""
    try:
        statement, queued = jobs.process_statement(statement_id, actor=get_jwt_identity())
    except statements.StatementNotFound:
        abort(404, message=f"unknown statement {statement_id}")
    return _out(statement, queued=queued), 202 if queued else 200


@blp.route("/statements/<statement_id>/issues", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(PageArgs, location="query")
@blp.response(200, StatementIssueOut(many=True))
@roles_required(*STAFF_READ)
def issues(args, statement_id):
    """Rejected rows of a statement, line-numbered, in line order."""
    try:
        statements.get(statement_id)
    except statements.StatementNotFound:
        abort(404, message=f"unknown statement {statement_id}")
    return statements.issues(statement_id, (args["page"] - 1) * args["pageSize"], args["pageSize"])


@blp.route("/review", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(ReviewArgs, location="query")
@blp.response(200, ReviewItemOut(many=True))
@roles_required(*STAFF_READ)
def review(args):
    """The review queue: statement lines whose best fuzzy title + artist candidate scored in the
    review band; their money waits in suspense. ``X-Total-Count`` gives the total. (Confirming
    or relinking a line is not available yet.)"""
    if args["statementId"]:
        try:
            statements.get(args["statementId"])
        except statements.StatementNotFound:
            abort(404, message=f"unknown statement {args['statementId']}")
    skip = (args["page"] - 1) * args["pageSize"]
    items, total = statements.review_queue(args["statementId"], skip, args["pageSize"])
    out = [{**i, "confidence": i["matchConfidence"], "amount": format_amount(i["grossMicro"])} for i in items]
    return out, 200, {"X-Total-Count": str(total)}
