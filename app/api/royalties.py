"""Royalty statements: upload, process, status, rejected rows."""
from __future__ import annotations

from decimal import Decimal

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.entity_errors import entity_errors
from app.api.review_schemas import RematchIn, RematchOut, ReprocessOut, ReviewActionIn, ReviewResultOut
from app.api.schemas import PageArgs, ReviewArgs, ReviewItemOut, StatementFile, StatementIssueOut
from app.api.statement_schemas import LateRatesIn, LateRatesOut, ProcessArgs, StatementOut, StatementUploadForm
from app.auth import BEARER, MONEY_WRITE, STAFF_READ, roles_required
from app.money import format_amount
from app.services import fx, jobs, statement_runs, statements
from app.services.review import review as decide

blp = Blueprint("royalties", __name__, url_prefix="/api/royalties", description="Royalty statements")


def _out(statement: dict, **flags) -> dict:
    gross = statement.get("grossMicro")
    return {**statement, "gross": None if gross is None else format_amount(gross),
            "percent": statement_runs.percent(statement), **flags}


@blp.route("/statements", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(StatementUploadForm, location="form")
@blp.arguments(StatementFile, location="files")
@blp.response(201, StatementOut)
@roles_required(*MONEY_WRITE)
def upload(form, files):
    """Upload a statement file (multipart ``file``, with optional ``source`` — recognised from
    the file's header when left out, by an adapter or else a stored mapping template —, or
    ``templateId`` (read with that mapping template), ``period``, ``declaredTotal`` +
    ``currency``, and ``rates``, a JSON list of exchange rates into the wallet currency). A multi-file DDEX DSR
    report is one ZIP of its parts. The same bytes again return the first statement with
    ``duplicate`` true (200). 422 names every field at fault at once: ``file`` (not the given
    source's layout: ``missingColumns`` and ``looksLike``, the source it seems to be; or no
    layout recognised), ``source``, ``templateId``, ``period``, ``rates``, ``declaredTotal``, ``currency``."""
    upload_ = files["file"]
    try:
        statement, created = statements.register(
            upload_.stream, upload_.filename or "statement", form["source"], actor=get_jwt_identity(),
            period=form["period"], declared_total=form["declaredTotal"], rates=form["rates"],
            declared_currency=form["currency"], template_id=form["templateId"])
    except statements.StatementRejected as exc:
        fields_ = {name: msgs for name, msgs in exc.errors.items() if name != "file"}
        errors = {**({"form": fields_} if fields_ else {}),
                  **({"files": {"file": exc.errors["file"]}, "missingColumns": exc.missing,
                      "looksLike": exc.looks_like} if "file" in exc.errors else {})}
        abort(422, message=str(exc), errors=errors)
    return _out(statement, duplicate=not created), 201 if created else 200


@blp.route("/statements/<statement_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, StatementOut)
@roles_required(*STAFF_READ)
def get(statement_id):
    """Status, progress (lines read, batches done) and totals of a statement."""
    with entity_errors():
        return _out(statements.get(statement_id))


@blp.route("/statements/<statement_id>/process", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(ProcessArgs, location="query")
@blp.response(200, StatementOut)
@roles_required(*MONEY_WRITE)
def process(args, statement_id):
    """Match and allocate a statement: in-process (200, final status) or queued on Celery
    (202, ``queued`` true). Processing a processed statement changes nothing. Control totals
    are checked first: a mismatch holds the statement (status ``control_mismatch``, nothing
    posted; 409 in-process) until it is processed with ``?force=true`` (audited)."""
    try:
        with entity_errors():
            if args["force"]:
                statements.force(statement_id, actor=get_jwt_identity())
            statement, queued = jobs.process_statement(statement_id, actor=get_jwt_identity())
    except statement_runs.RunSuperseded:
        abort(409, message=f"statement {statement_id}: another run took it over; it continues there")
    if statement["status"] == statements.HELD and not queued:
        failed = [{**c, "declared": Decimal(str(c["declared"])), "imported": Decimal(str(c["imported"]))}
                  for c in statement.get("controlChecks") or [] if not c["ok"]]
        abort(409, message=f"statement {statement_id}: control totals do not match the file's lines; nothing "
                           f"was posted. Check the file, or process with force=true",
              errors={"controlChecks": failed})
    return _out(statement, queued=queued), 202 if queued else 200


@blp.route("/statements/<statement_id>/rates", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(LateRatesIn)
@blp.response(200, LateRatesOut)
@roles_required(*MONEY_WRITE)
def add_rates(body, statement_id):
    """Add exchange rates to a statement's rate table after upload (audited), and post the
    lines that were rejected because their currency had no rate: each becomes a RoyaltyEvent,
    allocated in journal entries after the statement's last batch, its rejected row kept as
    resolved (``GET …/issues``), and the statement ``processed`` once no row is rejected.
    The posting runs in-process (200, ``posted``) or on Celery (202, ``queued`` true; the
    statement shows the progress). A rate already on the statement is never replaced. Before
    processing, the rates are just added (``posted`` null). 404 unknown; 409 while processing;
    422 names each bad entry (``rates.<index>.<field>``)."""
    try:
        with entity_errors():
            result, queued = jobs.add_rates(statement_id, body["rates"], actor=get_jwt_identity())
    except fx.InvalidRates as exc:
        abort(422, message=str(exc), errors={"json": {"rates": exc.errors}})
    posted = result["posted"]
    body_ = {**result, "statement": _out(result["statement"]), "queued": queued,
             "posted": None if posted is None else {**posted, "gross": format_amount(posted["grossMicro"])}}
    return body_, 202 if queued else 200


@blp.route("/statements/<statement_id>/issues", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(PageArgs, location="query")
@blp.response(200, StatementIssueOut(many=True))
@roles_required(*STAFF_READ)
def issues(args, statement_id):
    """Rejected rows of a statement, line-numbered, in line order."""
    with entity_errors():
        statements.get(statement_id)
    return statements.issues(statement_id, args["skip"], args["pageSize"])


@blp.route("/review", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(ReviewArgs, location="query")
@blp.response(200, ReviewItemOut(many=True))
@roles_required(*STAFF_READ)
def review(args):
    """The review queue: statement lines whose best fuzzy title + artist candidate scored in the
    review band; their money waits in suspense. ``X-Total-Count`` gives the total.
    ``POST /review/{eventId}`` decides a line."""
    if args["statementId"]:
        with entity_errors():
            statements.get(args["statementId"])
    items, total = statements.review_queue(args["statementId"], args["skip"], args["pageSize"])
    out = [{**i, "confidence": i["matchConfidence"], "amount": format_amount(i["grossMicro"])} for i in items]
    return out, 200, {"X-Total-Count": str(total)}


@blp.route("/review/<event_id>", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(ReviewActionIn)
@blp.response(200, ReviewResultOut)
@roles_required(*MONEY_WRITE)
def review_action(body, event_id):
    """Decide a line of the review queue: ``confirm`` its candidate, ``relink`` it to
    ``recordingId`` (also any matched line, to correct it), or ``reject`` the candidate (the line
    stays in suspense, unmatched). The money moves from suspense to the owners' accounts by a
    reversal and a reallocation entry; audited. 404 unknown event or recording, 409 when the
    line is not waiting for review (confirm, reject) or already on that recording (relink)."""
    with entity_errors():
        result = decide(event_id, body["action"], body["recordingId"], actor=get_jwt_identity())
    event = result["event"]  # a field the graph does not hold (null) is shown as null
    nullable = ("assetId", "recordingId", "matchConfidence", "candidateRecordingId", "rejectedRecordingId")
    return {**dict.fromkeys(nullable), **event, "action": body["action"], "amount": format_amount(event["grossMicro"]),
            "moved": format_amount(result["movedMicro"]), "entryIds": result["entries"],
            "allocations": [{**a, "amount": format_amount(a["amount"])} for a in result["allocations"]]}


@blp.route("/statements/<statement_id>/reprocess", methods=["POST"])
@blp.doc(security=BEARER)
@blp.response(200, ReprocessOut)
@roles_required(*MONEY_WRITE)
def reprocess(statement_id):
    """Allocate a processed statement again with the current catalog and rights (after an
    ownership change effective in the past, or a grown catalog): only lines whose allocation
    changes get entries — a reversal of the old allocation and the new one; history is kept.
    In-process (200, the counts) or queued on Celery (202). 404 unknown, 409 not processed."""
    with entity_errors():
        report, queued = jobs.reprocess_statement(statement_id, actor=get_jwt_identity())
    return _run_out(report, statementId=statement_id), 202 if queued else 200


@blp.route("/suspense/rematch", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(RematchIn)
@blp.response(200, RematchOut)
@roles_required(*MONEY_WRITE)
def rematch(body):
    """Try the lines with money in suspense (of ``statementId``, or all) again against the
    current catalog and rights, and release what is now owned into the owners' accounts.
    In-process (200, the counts) or queued on Celery (202). 404 unknown statement."""
    with entity_errors():
        report, queued = jobs.rematch_suspense(actor=get_jwt_identity(), statement_id=body["statementId"])
    return _run_out(report), 202 if queued else 200


def _run_out(report: dict | None, **fields) -> dict:
    if report is None:
        return {**fields, "queued": True}
    return {**fields, **report, "entryIds": report["entries"], "queued": False}
