"""Statement ingestion: register (sha256, idempotent), validate the layout, process in batches.

Processing streams the file through its parser in constant memory and allocates it in
batches (``app.services.allocation``). Each batch commits with the statement's progress, so a
crash resumes after the last committed batch; re-running a processed statement is a no-op.
Status: registered → processing → processed | processed_with_errors | failed, or
control_mismatch (held before allocation: ``control_totals``) until ``force``.

Every source of ``importers.statements.ADAPTERS`` is ingested; a file uploaded without a source
is recognised by ``detect_source``. The statement's currency is the wallet currency; lines in
other currencies are converted with the rate table given at registration (``app.services.fx``).
A multi-file DDEX DSR report is uploaded as one ZIP of its parts (``dsr_bundle``).
"""
from __future__ import annotations

import datetime as dt
import functools
import itertools
import json
import os
import time
import zipfile
from collections.abc import Callable, Iterator
from decimal import Decimal

from more_itertools import chunked
from neo4j.exceptions import ConstraintError

from app.money import CumulativeRounder
from app.services import alerts, audit, control_totals, fx, quality, statement_options, statement_runs
from app.services.allocation import BatchAlreadyPosted, allocate_batch
from app.services.catalog import UnknownEntity
from app.services.db import read, run, settings, write
from app.services.files import store
from app.services.ids import reserve_ids
from app.services.read_ahead import read_ahead
from app.services.run_cache import RunCache
from app.services import templates
from importers.records import FormatError, ParseIssue, StatementLine
from importers.statements import ADAPTERS, detect_source
from importers.statements.template import parse_template

Parser = Callable[[str | os.PathLike], Iterator[StatementLine | ParseIssue]]
#: Sources whose files state no period: the statement's ``period`` ('YYYY-MM') is required.
NEEDS_PERIOD = ("prs", "publisher", "youtube_content_id")
DONE = ("processed", "processed_with_errors")
HELD = "control_mismatch"
#: How many parsed items registration reads to find the file's first line (its currency).
FIRST_LINE_LOOKAHEAD = 1000
BATCH_SIZE = 5000


class StatementRejected(FormatError):
    """A statement refused at registration, before anything is stored in the graph.

    ``errors`` maps each field at fault — ``file``, ``source``, ``period``, ``rates``,
    ``declaredTotal``, ``currency`` — to its messages, every problem at once; ``missing`` lists
    the layout's missing columns (as FormatError); ``looks_like`` names the source whose layout
    the file has, when it is not the one given."""

    def __init__(self, errors: dict[str, list[str]], missing: list[str] | None = None,
                 looks_like: str | None = None):
        super().__init__("; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in errors.items()), missing or [])
        self.errors = errors
        self.looks_like = looks_like


class StatementNotFound(UnknownEntity):
    """No statement has this id (API → 404 "unknown statement STM-…")."""

    def __init__(self, statement_id: str):
        super().__init__("statement", statement_id)


def parser_of(statement: dict) -> Parser:
    """How a statement's file is read: its mapping template's version when it has one
    (``app.services.templates``), else its source's adapter; given the statement's period when
    the layout states none."""
    if statement.get("templateId"):
        return templates.parser(statement["templateId"], statement["templateVersion"], statement.get("period"))
    parse, _ = ADAPTERS[statement["source"]]
    return functools.partial(parse, period=statement.get("period")) if statement["source"] in NEEDS_PERIOD else parse


def _layout(path, source: str | None, period: str | None, errors: dict[str, list[str]]
            ) -> tuple[str | None, StatementLine | None, list[str], str | None]:
    """(source, first line, missing columns, looks-like source) of the file at ``path``: the
    given source checked against the file's header, or the one ``detect_source`` recognises.
    Problems go to ``errors``; the source is None when none fits."""
    if source is not None and source not in ADAPTERS:
        errors["source"] = [f"unknown statement source {source!r}; known: {', '.join(sorted(ADAPTERS))}"]
        return None, None, [], None
    if source is None:
        source = _detect(path)
        if source is None:
            errors["file"] = ["no statement layout recognises this file (its header is not one of: "
                              f"{', '.join(sorted(ADAPTERS))}, nor a stored mapping template's); give its source, "
                              "or describe its layout with a mapping template (POST /api/royalties/templates)"]
            return None, None, [], None
    try:
        # the probe needs any valid period: the first line's currency does not depend on it
        first = _first_line(parser_of({"source": source, "period": "0000-01"})(path))
    except (FormatError, zipfile.BadZipFile, UnicodeError) as exc:
        missing = getattr(exc, "missing", [])
        detected = _detect(path)
        looks_like = detected if detected != source else None
        hint = f"; the file looks like a {looks_like} statement" if looks_like else ""
        errors["file"] = [f"the file does not read as a {source} statement: {exc}{hint}"]
        return None, None, missing, looks_like
    return source, first, [], None


def _template_layout(path, template_id: str, source: str | None, period: str | None,
                     errors: dict[str, list[str]]) -> tuple[str | None, StatementLine | None, list[str], int | None]:
    """(source, first line, missing columns, template version) of the file at ``path`` read by
    the current version of mapping template ``template_id``; problems go to ``errors``."""
    if source is not None:
        errors["templateId"] = ["give a source or a templateId, not both"]
        return None, None, [], None
    try:
        template, version = templates.load(template_id)
    except templates.TemplateNotFound:
        errors["templateId"] = [f"unknown template {template_id}"]
        return None, None, [], None
    if template.needs_period and period is None:
        errors["period"] = [f"template {template_id} reads files that state no period: give period='YYYY-MM'"]
    try:
        first = _first_line(parse_template(path, template, period or "0000-01"))
    except (FormatError, UnicodeError) as exc:
        errors["file"] = [f"not a {template.name!r} statement (template {template_id}): {exc}"]
        return None, None, getattr(exc, "missing", []), version
    return template.source, first, [], version


def _detect(path) -> str | None:
    try:
        return detect_source(path)
    except (OSError, zipfile.BadZipFile, UnicodeError, ValueError):
        return None


def _first_line(items: Iterator[StatementLine | ParseIssue]) -> StatementLine | None:
    """The first StatementLine among the first items (FormatError raised by a parser of another
    layout comes on the first item)."""
    try:
        return next((i for i in itertools.islice(items, FIRST_LINE_LOOKAHEAD) if isinstance(i, StatementLine)), None)
    finally:
        items.close()


def register(file, filename: str, source: str | None = None, actor: str = "cli", period: str | None = None,
             declared_total: Decimal | str | None = None, rates: list[dict] | None = None,
             declared_currency: str | None = None, template_id: str | None = None) -> tuple[dict, bool]:
    """Store and register a statement file (path or binary stream).

    ``source``: an ADAPTERS name, or None to recognise it from the file (``sourceDetected``:
    an adapter, else a stored mapping template); ``template_id``: read it with that mapping
    template instead (its current version, kept as ``templateVersion``);
    ``period`` 'YYYY-MM' (required by NEEDS_PERIOD sources); ``declared_total`` (decimal, in
    ``declared_currency``: see ``control_totals``) is checked before allocation; ``rates`` the
    rate table ``[{from, to, rate, source, date}]`` (``fx.parse_rates``) — the file's first line
    must be in the wallet currency or have a rate.
    Returns (statement properties, created). The same bytes again return the first statement
    with created False (its options are those of the first upload). Raises StatementRejected,
    naming every field at fault, before anything is stored in the graph."""
    currency, given, given_template = settings().wallet_currency, source, template_id
    errors: dict[str, list[str]] = {}
    parsed_rates: list[fx.Rate] = []
    try:
        parsed_rates = fx.parse_rates(rates or [], currency)
    except fx.InvalidRates as exc:
        errors["rates"] = [str(exc)]
    path, digest, new = store(file, filename)
    try:
        if template_id is None and source is None and _detect(path) is None:
            template_id = templates.detect_template(path).template_id
        template_version, looks_like = None, None
        if template_id is not None:
            source, first, missing, template_version = _template_layout(path, template_id, source, period, errors)
        else:
            source, first, missing, looks_like = _layout(path, source, period, errors)
        total, total_currency = statement_options.check(source, period, source in NEEDS_PERIOD, declared_total,
                                                        declared_currency, errors)
        known = {currency, *(r.from_ for r in parsed_rates)}
        if first is not None and first.currency not in known and "rates" not in errors:
            errors["rates"] = [f"the file's lines are in {first.currency}: give a rate from {first.currency} "
                               f"to the statement currency {currency}"]
        if errors:
            raise StatementRejected(errors, missing, looks_like)
    except StatementRejected:
        if new:
            path.unlink()  # a rejected upload leaves nothing behind
        raise

    def work(tx):
        new_id = reserve_ids(tx, "statement", 1)[0]
        row = run(tx, "allocation/register_statement", statementId=new_id, sha256=digest, source=source,
                  sourceDetected=given is None and given_template is None, filename=os.path.basename(filename),
                  path=str(path), currency=currency, period=period, declaredTotal=total, declaredCurrency=total_currency,
                  rates=[r.props() for r in parsed_rates], templateId=template_id, templateVersion=template_version)[0]
        if row["created"]:
            audit.record(tx, actor, "statement.register", new_id, after={
                "file": filename, "source": source, "sha256": digest, "period": period, "declaredTotal": total,
                "declaredCurrency": total_currency, "rates": [r.props() for r in parsed_rates],
                "templateId": template_id, "templateVersion": template_version})
        return row["statement"], row["created"]

    statement, created = write(work)
    return get(statement["statementId"]), created


def force(statement_id: str, actor: str = "cli") -> dict:
    """Let a statement held for a control-total mismatch be allocated (audited; the mismatch
    stays recorded on it and in its DataQualityIssue). A statement not held is left as it is.
    Returns its properties; raises StatementNotFound."""
    statement = get(statement_id)
    if statement["status"] != HELD:
        return statement

    def work(tx):
        if run(tx, "allocation/force_control", statementId=statement_id, actor=actor):
            audit.record(tx, actor, "statement.control_forced", statement_id, before={"status": HELD},
                         after={"status": "registered", "controlChecks": statement.get("controlChecks")})
    write(work)
    return get(statement_id)


def get(statement_id: str) -> dict:
    """Statement properties, with its rate table ``fxRates`` and its control-total result
    (``controlChecks`` list, ``grossByCurrency`` map) decoded; raises StatementNotFound."""
    rows = read(lambda tx: run(tx, "allocation/get_statement", statementId=statement_id))
    if not rows:
        raise StatementNotFound(statement_id)
    statement = rows[0]["statement"]
    for name in ("controlChecks", "grossByCurrency"):  # JSON on the node (a property holds no maps)
        if statement.get(name) is not None:
            statement[name] = json.loads(statement[name])
    return statement


def issues(statement_id: str, skip: int = 0, limit: int = 100) -> list[dict]:
    """Rejected rows ``{line, field, message, raw}`` in line order."""
    return read(lambda tx: run(tx, "allocation/statement_issues", statementId=statement_id, skip=skip, limit=limit))


def review_queue(statement_id: str | None, skip: int = 0, limit: int = 50) -> tuple[list[dict], int]:
    """Lines waiting for review (best fuzzy candidate in the review band, money in suspense),
    by statement and line, and their total: ``[{eventId, statementId, line, title, artist, isrc,
    candidateRecordingId, candidateTitle, matchConfidence, grossMicro, currency}]``."""
    row = read(lambda tx: run(tx, "allocation/review_events", statementId=statement_id, skip=skip, limit=limit))[0]
    return row["items"], row["total"]


def totals(statement_id: str) -> dict:
    """``{events, grossMicro, allocatedMicro, suspenseMicro}`` from the graph (reconciliation)."""
    return read(lambda tx: run(tx, "allocation/statement_totals", statementId=statement_id))[0]


def unfinished(grace: dt.timedelta = statement_runs.STALE) -> list[str]:
    """Ids of statements not finished whose processing shows no sign of life (no run started,
    no batch committed) for ``grace``: to resume."""
    since = dt.datetime.now(dt.timezone.utc) - grace
    return [r["statementId"] for r in read(lambda tx: run(tx, "allocation/unfinished_statements", olderThan=since))]


def process(statement_id: str, batch_size: int = BATCH_SIZE,
            progress: Callable[[int], None] | None = None, actor: str = "cli",
            run_as: statement_runs.Run | None = None, max_seconds: float | None = None) -> dict:
    """Parse, match and allocate a registered statement; returns its final properties.

    ``run_as``: the run this call is (a Celery chunk), else a new one; it takes the statement
    over (``statement_runs``) and its batches are cut with the first run's batch size. With
    ``max_seconds``, no batch starts after that budget: the statement is returned still
    ``processing`` (the chunk task queues the next chunk). Raises
    statement_runs.RunSuperseded when a newer run takes the statement over meanwhile.

    ``progress(lines_done)`` is called after each batch. Idempotent and resumable: batches
    already committed are skipped (their lines are still read to keep the rounding carry
    exact). A file-level error marks the statement ``failed`` with the reason and re-raises.
    Before the first batch, the control totals are checked (``control_totals.check``): on a
    mismatch the statement is held in ``control_mismatch`` and returned, nothing posted, until
    ``force``; a held statement is returned as it is."""
    statement = get(statement_id)
    if statement["status"] in DONE or statement["status"] == HELD:
        return statement
    current = run_as or statement_runs.Run.new()
    batch_size = statement_runs.claim(statement_id, current, batch_size, _estimate(statement))
    deadline = None if max_seconds is None else time.monotonic() + max_seconds
    _set_status(statement_id, "processing", actor)
    if statement.get("controlStatus") is None:
        statement = _check_controls(statement, actor)
        if statement["status"] == HELD:
            return statement
    converter = fx.Converter(statement["fxRates"], statement["currency"])
    rounder = CumulativeRounder()
    cache = RunCache()  # owners, fuzzy candidates, ISRCs and accounts: read once per run
    rejected = 0
    batches = None
    try:
        # the next batches are parsed and converted in a thread while the database writes the
        # current one (the rounder is that thread's alone until the last batch is handed over)
        batches = read_ahead((len(batch), *converter.money_lines(batch, rounder))
                             for batch in chunked(parser_of(statement)(statement["path"]), batch_size))
        done_lines = 0
        for batch_no, (read_count, lines, batch_issues) in enumerate(batches):
            rejected += len(batch_issues)
            done_lines += read_count
            if batch_no >= statement["batchesDone"]:
                if deadline is not None and batch_no > statement["batchesDone"] and time.monotonic() > deadline:
                    return get(statement_id)  # the chunk's time is up (after a batch at least); the next resumes
                try:
                    cache.trim()
                    write(_allocate, current, statement, batch_no, lines, batch_issues, cache)
                except (ConstraintError, BatchAlreadyPosted):
                    pass  # another run posted this batch first; its transaction is the one that counts
            if progress:
                progress(done_lines)
    except (FormatError, OSError) as exc:
        _set_status(statement_id, "failed", actor, error=str(exc))
        raise
    finally:
        if batches is not None:
            batches.close()  # stops the reading thread when the run ends early
    write(record_missing_money, statement_id)
    status = "processed_with_errors" if rejected else "processed"
    done = _set_status(statement_id, status, actor, gross_exact=str(rounder.exact_total),
                       gross_micro=rounder.micro_total)
    alerts.after_statement(statement_id)  # Money Hub alerts: its money in suspense, usage spikes
    return done


def _allocate(tx, current: statement_runs.Run, statement: dict, *batch) -> None:
    """``allocate_batch(tx, statement, *batch)`` if ``current`` still runs the statement."""
    statement_runs.check(tx, statement["statementId"], current)
    allocate_batch(tx, statement, *batch)


def _estimate(statement: dict) -> int | None:
    """The statement's row estimate for progress (kept once known); None when unreadable."""
    if statement.get("linesTotal") is not None:
        return statement["linesTotal"]
    try:
        return statement_runs.estimate_lines(statement["path"])
    except OSError:
        return None  # processing reports the unreadable file


def _check_controls(statement: dict, actor: str) -> dict:
    """``control_totals.check`` the statement; its properties after. A file-level error marks
    it ``failed`` and re-raises, as in ``process``."""
    try:
        control_totals.check(statement, parser_of(statement), actor)
    except (FormatError, OSError) as exc:
        _set_status(statement["statementId"], "failed", actor, error=str(exc))
        raise
    return get(statement["statementId"])


def record_missing_money(tx, statement_id: str) -> None:
    """One DataQualityIssue (kind ``missing_money``, key ``missing_money|<statementId>``)
    summarising the statement's lines left in suspense for want of a recording: count and
    micro-units, and how many of them wait in the review queue. Refreshed after reviews and
    re-matching (``app.services.reprocessing``); resolved once no such line is left."""
    row = run(tx, "allocation/unmatched_money", statementId=statement_id)[0]
    if not row["lines"]:
        quality.resolve_missing(tx, ["missing_money"], [statement_id], [])
        return
    quality.record(tx, [quality.Finding(
        kind="missing_money", key=f"missing_money|{statement_id}", entity_id=statement_id, severity="warning",
        message=f"{row['lines']} line(s) of statement {statement_id} match no recording: "
                f"{row['micro']} micro-units in suspense ({row['reviewLines']} awaiting review)",
        witness={"statementId": statement_id, "lines": row["lines"], "micro": row["micro"],
                 "reviewLines": row["reviewLines"], "reviewMicro": row["reviewMicro"]})])


def _set_status(statement_id: str, status: str, actor: str, gross_exact: str | None = None,
                gross_micro: int | None = None, error: str | None = None) -> dict:
    def work(tx):
        run(tx, "allocation/set_statement_status", statementId=statement_id, status=status,
            grossExact=gross_exact, grossMicro=gross_micro, error=error)
        audit.record(tx, actor, f"statement.{status}", statement_id,
                     after={"grossMicro": gross_micro, "error": error} if status != "processing" else None)
    write(work)
    return get(statement_id)  # with its rate table and decoded checks
