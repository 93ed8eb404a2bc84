"""Statement ingestion: register (sha256, idempotent), validate the layout, process in batches.

Processing streams the file through its parser in constant memory and allocates it in
batches (``app.services.allocation``). Each batch commits with the statement's progress, so a
crash resumes after the last committed batch; re-running a processed statement is a no-op.
Status: registered → processing → processed | processed_with_errors | failed.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from itertools import islice

from neo4j.exceptions import ConstraintError

from app.money import CumulativeRounder
from app.services import audit, quality
from app.services.allocation import BatchAlreadyPosted, allocate_batch
from app.services.db import read, run, write
from app.services.files import store
from app.services.ids import reserve_ids
from importers.records import FormatError, ParseIssue, StatementLine
from importers.statements.distrokid import parse_distrokid

PARSERS: dict[str, Callable[[str | os.PathLike], Iterator[StatementLine | ParseIssue]]] = {
    "distrokid": parse_distrokid,
}
SOURCE_CURRENCY = {"distrokid": "USD"}
DONE = ("processed", "processed_with_errors")
BATCH_SIZE = 5000


class UnknownSource(ValueError):
    """The requested statement source has no parser; ``known`` lists those that do."""

    def __init__(self, source: str):
        super().__init__(f"unknown statement source {source!r}; known: {', '.join(sorted(PARSERS))}")
        self.known = sorted(PARSERS)


class StatementNotFound(LookupError):
    """No statement has this id."""


def check_format(path: str | os.PathLike, source: str) -> None:
    """Raise UnknownSource, or importers.records.FormatError naming the missing columns, when
    the file is not a ``source`` statement. Reads only the header."""
    parser = PARSERS.get(source)
    if parser is None:
        raise UnknownSource(source)
    lines = parser(path)
    next(lines, None)
    lines.close()


def register(file, filename: str, source: str, actor: str = "cli") -> tuple[dict, bool]:
    """Store and register a statement file (path or binary stream).

    Returns (statement properties, created). The same bytes again return the first statement
    with created False. Raises UnknownSource / FormatError before anything is stored in the
    graph when the file is not a ``source`` statement."""
    path, digest, new = store(file, filename)
    try:
        check_format(path, source)
    except (UnknownSource, FormatError):
        if new:
            path.unlink()  # a rejected upload leaves nothing behind
        raise

    def work(tx):
        new_id = reserve_ids(tx, "statement", 1)[0]
        row = run(tx, "allocation/register_statement", statementId=new_id, sha256=digest, source=source,
                  filename=os.path.basename(filename), path=str(path), currency=SOURCE_CURRENCY[source])[0]
        if row["created"]:
            audit.record(tx, actor, "statement.register", new_id, after={"file": filename, "source": source,
                                                                         "sha256": digest})
        return row["statement"], row["created"]

    return write(work)


def get(statement_id: str) -> dict:
    """Statement properties; raises StatementNotFound."""
    rows = read(lambda tx: run(tx, "allocation/get_statement", statementId=statement_id))
    if not rows:
        raise StatementNotFound(statement_id)
    return rows[0]["statement"]


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


def unfinished(grace: dt.timedelta = dt.timedelta(minutes=10)) -> list[str]:
    """Ids of statements registered more than ``grace`` ago and not finished (to resume)."""
    since = dt.datetime.now(dt.timezone.utc) - grace
    return [r["statementId"] for r in read(lambda tx: run(tx, "allocation/unfinished_statements", olderThan=since))]


def process(statement_id: str, batch_size: int = BATCH_SIZE,
            progress: Callable[[int], None] | None = None, actor: str = "cli") -> dict:
    """Parse, match and allocate a registered statement; returns its final properties.

    ``progress(lines_done)`` is called after each batch. Idempotent and resumable: batches
    already committed are skipped (their lines are still read to keep the rounding carry
    exact). A file-level error marks the statement ``failed`` with the reason and re-raises."""
    statement = get(statement_id)
    if statement["status"] in DONE:
        return statement
    _set_status(statement_id, "processing", actor)
    rounder = CumulativeRounder()
    owner_cache: dict[str, dict[str, int]] = {}
    rejected = 0
    try:
        items = PARSERS[statement["source"]](statement["path"])
        done_lines = 0
        for batch_no, batch in enumerate(_batches(items, batch_size)):
            lines = [(item, rounder.add(item.gross)) for item in batch if isinstance(item, StatementLine)]
            batch_issues = [item for item in batch if isinstance(item, ParseIssue)]
            rejected += len(batch_issues)
            done_lines += len(batch)
            if batch_no >= statement["batchesDone"]:
                try:
                    write(allocate_batch, statement, batch_no, lines, batch_issues, owner_cache)
                except (ConstraintError, BatchAlreadyPosted):
                    pass  # another run posted this batch first; its transaction is the one that counts
            if progress:
                progress(done_lines)
    except (FormatError, OSError) as exc:
        _set_status(statement_id, "failed", actor, error=str(exc))
        raise
    write(_record_missing_money, statement_id)
    status = "processed_with_errors" if rejected else "processed"
    return _set_status(statement_id, status, actor, gross_exact=str(rounder.exact_total),
                       gross_micro=rounder.micro_total)


def _record_missing_money(tx, statement_id: str) -> None:
    """One DataQualityIssue (kind ``missing_money``, key ``missing_money|<statementId>``)
    summarising the statement's lines left in suspense for want of a recording: count and
    micro-units, and how many of them wait in the review queue."""
    row = run(tx, "allocation/unmatched_money", statementId=statement_id)[0]
    if not row["lines"]:
        return
    quality.record(tx, [quality.Finding(
        kind="missing_money", key=f"missing_money|{statement_id}", entity_id=statement_id, severity="warning",
        message=f"{row['lines']} line(s) of statement {statement_id} match no recording: "
                f"{row['micro']} micro-units in suspense ({row['reviewLines']} awaiting review)",
        witness={"statementId": statement_id, "lines": row["lines"], "micro": row["micro"],
                 "reviewLines": row["reviewLines"], "reviewMicro": row["reviewMicro"]})])


def _batches(items: Iterator, size: int) -> Iterator[list]:
    while batch := list(islice(items, size)):
        yield batch


def _set_status(statement_id: str, status: str, actor: str, gross_exact: str | None = None,
                gross_micro: int | None = None, error: str | None = None) -> dict:
    def work(tx):
        statement = run(tx, "allocation/set_statement_status", statementId=statement_id, status=status,
                        grossExact=gross_exact, grossMicro=gross_micro, error=error)[0]["statement"]
        audit.record(tx, actor, f"statement.{status}", statement_id,
                     after={"grossMicro": gross_micro, "error": error} if status != "processing" else None)
        return statement
    return write(work)
