"""Non-destructive reprocessing (issue 4 item 6), on the reallocation engine
(``app.services.reallocation``):

* ``reprocess_statement`` — after the catalog or a split changed (an ownership change effective in
  the past), every event of a processed statement is allocated again with the current catalog
  and rights; only events whose allocation changes get entries (reversal + reallocation);
* ``rematch_suspense`` — events with money in suspense (unmatched, waiting for review, unowned,
  partially owned, conflicting) are tried again against the grown catalog and released into
  the owners' accounts. Run after a catalog import, by the beat schedule, and on demand.

Both attribute events by ``rematch_fields``, walk their events in chunks of ``CHUNK`` (one
transaction each: a crash loses at most the chunk in flight, and a re-run finds the committed
chunks already done — nothing changes twice), and refresh the missing-money issue of each
statement touched.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator

from neo4j import ManagedTransaction

from app.services import audit, statements
from app.services.db import read, run, write
from app.services.entities import StateConflict
from app.services.line_matching import LineIds, match_lines
from app.services.reallocation import Run, Tally, asset_of, changed, reallocate

CHUNK = 5000  # events per transaction, as statement batches (statements.BATCH_SIZE)


class StatementNotProcessed(StateConflict):
    """Only a processed statement can be reprocessed (``status`` says where it is)."""

    def __init__(self, statement: dict):
        super().__init__(f"statement {statement['statementId']} is {statement['status']}, not processed: "
                         "process it first")
        self.status = statement["status"]


def rematch_fields(tx: ManagedTransaction, events: list[dict]) -> dict[str, dict]:
    """Attribution of ``events`` with the current catalog (the reallocation engine's
    ``attribute``): an event attributed to an asset keeps it (its owners are resolved again);
    the others are matched like fresh lines (``line_matching.match_lines``: exact ids, then fuzzy
    title + artist), except that a fuzzy match to the recording a reviewer rejected for the event
    is not made or proposed again (an exact identifier still wins)."""
    waiting = [e for e in events if not asset_of(e)]
    if not waiting:
        return {}
    matches = match_lines(tx, [LineIds.of_event(e) for e in waiting])
    fields = {}
    for e in waiting:
        match = matches[e["eventId"]]
        rejected = e.get("rejectedRecordingId")
        if rejected and match.method in ("fuzzy", "fuzzy_review") and rejected in (match.recording_id,
                                                                                   match.candidate_id):
            continue
        fields[e["eventId"]] = match.event_props()
    return fields


def ensure_processed(statement_id: str) -> dict:
    """The statement's properties; raises statements.StatementNotFound, or StatementNotProcessed
    when it is registered, processing or failed (checked before a reprocessing is queued too)."""
    statement = statements.get(statement_id)
    if statement["status"] not in statements.DONE:
        raise StatementNotProcessed(statement)
    return statement


def reprocess_statement(statement_id: str, actor: str = "cli", chunk: int = CHUNK,
                        progress: Callable[[int], None] | None = None) -> dict:
    """Allocate a processed statement's events again and post the differences.

    Returns ``{statementId, events, changed, rematched, reversedMicro, postedMicro, movedMicro,
    releasedMicro, entries}`` (``Tally``'s meaning; ``entries`` the journal entry ids).
    ``progress(events_done)`` after each chunk. Raises as ``ensure_processed``."""
    ensure_processed(statement_id)
    ids = read(lambda tx: [r["eventId"] for r in run(tx, "reallocation/statement_event_ids",
                                                     statementId=statement_id)])
    tally = _walk(ids, actor, "statement.reprocess", chunk, progress)
    report = {"statementId": statement_id, **_report(tally)}
    if tally.statements:
        write(_finish, "statement.reprocessed", statement_id, sorted(tally.statements), report, actor)
    return report


def rematch_suspense(actor: str = "cli", statement_id: str | None = None, chunk: int = CHUNK,
                     progress: Callable[[int], None] | None = None) -> dict:
    """Try every event with money in suspense (of one statement, or all) again; returns
    ``{examined, matched, releasedMicro, changed, …}`` (``examined`` events, ``matched`` newly
    attributed, ``releasedMicro`` that left suspense; the rest as ``reprocess_statement``).
    Raises statements.StatementNotFound for an unknown ``statement_id``."""
    if statement_id is not None:
        statements.get(statement_id)
    rows = read(lambda tx: run(tx, "reallocation/suspense_event_ids", statementId=statement_id))
    tally = _walk([r["eventId"] for r in rows], actor, "suspense.rematch", chunk, progress)
    report = _report(tally)
    report = {"examined": report.pop("events"), "matched": report.pop("rematched"), **report}
    if tally.statements:
        write(_finish, "suspense.rematched", statement_id, sorted(tally.statements), report, actor)
    return report


def _walk(ids: list[str], actor: str, action: str, chunk: int, progress: Callable[[int], None] | None) -> Tally:
    """Reallocate ``ids`` chunk by chunk: a read pass finds the events that would change, and
    only those are locked and reallocated, in one write transaction per chunk."""
    state, tally = Run(), Tally()
    for done, part in _chunks(ids, chunk):
        moving = read(changed, part, rematch_fields, state)
        if moving:
            tally.add(write(reallocate, moving, rematch_fields, actor, action, state))
        tally.events += len(part) - len(moving)
        if progress:
            progress(done)
    return tally


def _chunks(ids: list[str], size: int) -> Iterator[tuple[int, list[str]]]:
    for start in range(0, len(ids), size):
        yield min(start + size, len(ids)), ids[start:start + size]


def _report(tally: Tally) -> dict:
    return {"events": tally.events, "changed": tally.changed, "rematched": tally.rematched,
            "reversedMicro": tally.reversed_micro, "postedMicro": tally.posted_micro,
            "movedMicro": tally.moved_micro, "releasedMicro": tally.released_micro, "entries": tally.entries}


def _finish(tx: ManagedTransaction, action: str, entity_id: str | None, touched: list[str], report: dict,
            actor: str) -> None:
    """The run's AuditEvent (counts; each changed event has its own) and the missing-money issue
    of each statement with an event changed (a run that changes nothing leaves no trace)."""
    for sid in touched:
        statements.record_missing_money(tx, sid)
    audit.record(tx, actor, action, entity_id, after={k: v for k, v in report.items() if k != "entries"})
