"""Artist statements: a participant's month, tied out to the ledger, as JSON, CSV or PDF."""
from __future__ import annotations

from flask import Response, request
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from app.api.entity_errors import entity_errors
from app.api.money_schemas import HUB_EXAMPLE, SourceAmountOut
from app.api.schemas import Amount
from app.auth import BEARER, STAFF_READ, require_participant_access, roles_required
from app.services import artist_statement_pdf, artist_statements

blp = Blueprint("artist_statements", __name__, url_prefix="/api/statements", description="Artist statements")

FORMATS = {"json": "application/json", "csv": "text/csv", "pdf": "application/pdf"}


class StatementArgs(Schema):
    """``period`` (YYYY-MM) and ``format`` of GET /api/statements/{participantId}."""

    period = fields.String(required=True, validate=validate.Regexp(artist_statements.PERIOD, error="YYYY-MM"),
                           metadata={"description": "calendar month of the postings, YYYY-MM"})
    format = fields.String(load_default=None, validate=validate.OneOf(FORMATS),
                           metadata={"description": "json | csv | pdf (default: from the Accept header, else json)"})


class _TrackAmount(Schema):
    recordingId = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    isrc = fields.String(allow_none=True)
    amount = Amount()


class _Income(Schema):
    total = Amount()
    recouped = Amount()
    net = Amount()
    bySource = fields.List(fields.Nested(SourceAmountOut))
    byTrack = fields.List(fields.Nested(_TrackAmount))


class _Figures(Schema):
    available = Amount()
    frozen = Amount()
    pending = Amount()
    balance = Amount()
    advanceOutstanding = Amount()


class _Balances(Schema):
    opening = fields.Nested(_Figures)
    closing = fields.Nested(_Figures)


class _Movement(Schema):
    kind = fields.String()
    amount = Amount()


class _TieOut(Schema):
    openingPlusMovements = Amount()
    closingBalance = Amount()
    balanced = fields.Boolean()
    incomeFromRollups = Amount()
    incomeFromLedger = Amount()
    incomeTiesOut = fields.Boolean()


class ArtistStatementOut(Schema):
    """An artist statement (``app.services.artist_statements.statement``)."""

    participantId = fields.String()
    name = fields.String()
    period = fields.String()
    currency = fields.String()
    from_ = fields.Date(attribute="from", data_key="from")
    to = fields.Date(metadata={"description": "exclusive"})
    openingBalance = Amount()
    closingBalance = Amount()
    balances = fields.Nested(_Balances)
    income = fields.Nested(_Income)
    recoupment = Amount()
    frozenHolds = Amount()
    payouts = Amount()
    movements = fields.List(fields.Nested(_Movement))
    tieOut = fields.Nested(_TieOut)


_FIGURES = {"available": 1200.5, "frozen": 0, "pending": 0, "balance": 1200.5, "advanceOutstanding": 0}
EXAMPLE = {
    "participantId": "PART-000001", "name": "Big Homie Cash", "period": "2025-07", "currency": "USD",
    "from": "2025-07-01", "to": "2025-08-01", "openingBalance": 1000.5, "closingBalance": 1200.5,
    "balances": {"opening": {**_FIGURES, "available": 1000.5, "balance": 1000.5}, "closing": _FIGURES},
    "income": {"total": 700.0, "recouped": 0, "net": 700.0,
               "bySource": HUB_EXAMPLE["incomeBySource"],
               "byTrack": [{"recordingId": "REC-000001", "title": "Block Talk", "isrc": "GHA0C2500001", "amount": 700.0}]},
    "recoupment": 0, "frozenHolds": 0, "payouts": -500.0,
    "movements": [{"kind": "payout_paid", "amount": -500.0}, {"kind": "royalty_allocation", "amount": 700.0}],
    "tieOut": {"openingPlusMovements": 1200.5, "closingBalance": 1200.5, "balanced": True,
               "incomeFromRollups": 700.0, "incomeFromLedger": 700.0, "incomeTiesOut": True},
}


def _format(args) -> str:
    if args["format"]:
        return args["format"]
    best = request.accept_mimetypes.best_match(list(FORMATS.values()), default="application/json")
    return next(k for k, v in FORMATS.items() if v == best)


@blp.route("/<participant_id>", methods=["GET"])
@blp.doc(security=BEARER, responses={200: {"content": {"text/csv": {}, "application/pdf": {}}}})
@blp.arguments(StatementArgs, location="query")
@blp.response(200, ArtistStatementOut, example=EXAMPLE)
@roles_required(*STAFF_READ, "participant")
def artist_statement(args, participant_id):
    """A participant's statement for a calendar month of postings: opening balance, income by
    source and track, recoupment, frozen holds, payouts, movements by kind, closing balance, and
    the tie-out to the ledger. ``format`` (or the Accept header: text/csv, application/pdf)
    selects CSV or PDF; JSON otherwise."""
    require_participant_access(participant_id)
    with entity_errors():
        st = artist_statements.statement(participant_id, args["period"])
    fmt = _format(args)
    name = f"statement-{participant_id}-{args['period']}.{fmt}"
    if fmt == "csv":
        return Response(artist_statements.to_csv(st), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    if fmt == "pdf":
        return Response(artist_statement_pdf.render(st), mimetype="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
    return st
