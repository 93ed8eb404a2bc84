"""Exchange rates added to a statement after upload, and the lines they were missing posted.

A mixed-currency file (Bandcamp, TuneCore) can hold lines in a currency the uploader gave no
rate for: those lines are not posted but rejected, line-numbered, on field 'currency'
(``fx.missing_rate``), and the same bytes uploaded again return the same statement — so without
this, good lines would stay lost. ``add_rates`` adds the missing rates to the statement's rate
table (a rate already there is never replaced: lines were converted with it) and, once the
statement is processed, ``post_waiting`` posts its waiting lines:

* the file is read again and only the lines with an open 'currency' issue whose currency now
  has a rate are taken; they are converted, then rounded by a ``CumulativeRounder`` resumed at
  the statement's exact gross, so the statement's ``grossMicro`` stays its exact total
  (``grossExact``) rounded once;
* they are allocated by ``allocation.allocate_batch`` like any batch (``late``: they move from
  the rejected count to the matched / unmatched counts), numbered after the statement's last
  batch: one journal entry and transaction per batch, which also marks their issues resolved
  (kept, with who and why) and updates the gross. A statement with no rejected row left
  becomes ``processed``.

Re-running is safe: a posted line's issue is resolved in its batch's transaction, so a re-run
(after a crash, or by another caller) only takes the lines still waiting, and a batch posted
concurrently fails on its idempotency key and rolls back.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal

from more_itertools import chunked
from neo4j.exceptions import ConstraintError

from app.money import CumulativeRounder
from app.services import audit, fx, statements
from app.services.allocation import BatchAlreadyPosted, allocate_batch
from app.services.db import read, run, write
from app.services.entities import StateConflict
from app.services.run_cache import RunCache
from importers.records import StatementLine

RESOLUTION = "rate added: posted"


class RatesNotAddable(StateConflict):
    """The statement is being processed: rates can be added before or after, not during."""


def add_rates(statement_id: str, rates: list[dict], actor: str = "cli",
              progress: Callable[[int], None] | None = None, post: bool = True) -> dict:
    """Add ``rates`` ``[{from, to, rate, source?, date?}]`` (``fx.parse_rates``: into the
    statement currency) to a statement's rate table, audited, then — with ``post`` — post its
    waiting lines when it is processed (``post_waiting``; without, the caller queues it:
    ``jobs.add_rates``). Returns ``{statement, added (currencies), due (the statement is
    processed: its waiting lines are to be posted), posted}`` (``posted`` as ``post_waiting``;
    None when nothing was posted here: ``post`` False, or the statement not processed yet — its
    processing uses the new rates).

    Raises statements.StatementNotFound; fx.InvalidRates naming each bad entry as
    ``'<index>.<field>'`` — including a currency the statement already has a rate for — or
    ``'rates'`` for an empty table; RatesNotAddable while the statement is processing."""
    statement = statements.get(statement_id)
    if statement["status"] == "processing":
        raise RatesNotAddable(f"statement {statement_id} is being processed: add rates once it is done")
    if not rates:
        raise fx.InvalidRates({"rates": ["give at least one rate"]})
    parsed = fx.parse_rates(rates, statement["currency"])
    have = {r["from"]: r["rate"] for r in statement["fxRates"]}
    taken = {f"{i}.from": [f"the statement already converts {r.from_} at {have[r.from_]}: a rate lines were "
                           "converted with is never replaced"] for i, r in enumerate(parsed) if r.from_ in have}
    if taken:
        raise fx.InvalidRates(taken)

    def work(tx):
        added = run(tx, "allocation/add_rates", statementId=statement_id, rates=[r.props() for r in parsed],
                    actor=actor)[0]["added"]
        if added:
            audit.record(tx, actor, "statement.rates_added", statement_id,
                         after={"rates": [r.props() for r in parsed if r.from_ in added]})
        return added
    added = write(work)
    due = statement["status"] in statements.DONE
    posted = post_waiting(statement_id, actor, progress) if post and due else None
    return {"statement": statements.get(statement_id), "added": added, "due": due, "posted": posted}


def post_waiting(statement_id: str, actor: str = "cli", progress: Callable[[int], None] | None = None,
                 batch_size: int = statements.BATCH_SIZE) -> dict:
    """Post the lines of a processed statement that wait for a rate it now has (module
    docstring). Returns ``{lines, grossMicro (posted, micro-units), batches, waiting (lines
    still without a rate)}``; ``progress(lines_posted)`` after each batch. Raises
    statements.StatementNotFound, and importers.records.FormatError / OSError when the file
    cannot be read again (nothing is posted then)."""
    statement = statements.get(statement_id)
    waiting = {r["line"] for r in read(lambda tx: run(tx, "allocation/waiting_lines", statementId=statement_id))}
    converter = fx.Converter(statement["fxRates"], statement["currency"])
    rounder = CumulativeRounder(Decimal(statement.get("grossExact") or 0))
    cache = RunCache()
    posted = posted_micro = batches = still = 0
    for batch in chunked(_waiting_lines(statement, waiting), batch_size):
        lines, issues = converter.money_lines(batch, rounder)
        still += len(issues)
        if not lines:
            continue
        try:
            write(_post, statement, lines, rounder.exact_total, rounder.micro_total, cache, actor)
        except (ConstraintError, BatchAlreadyPosted):
            break  # another caller is posting these lines: its transactions are the ones that count
        posted += len(lines)
        posted_micro += sum(micro for _, micro in lines)
        batches += 1
        if progress:
            progress(posted)
    if posted:
        write(statements.record_missing_money, statement_id)
    return {"lines": posted, "grossMicro": posted_micro, "batches": batches, "waiting": still}


def _post(tx, statement: dict, lines: list[tuple[StatementLine, int]], gross_exact: Decimal, gross_micro: int,
          cache: RunCache, actor: str) -> None:
    """One late batch: allocated after the statement's last batch, its issues resolved, the gross
    moved on — all in ``tx``."""
    sid = statement["statementId"]
    batch_no = run(tx, "allocation/get_statement", statementId=sid)[0]["statement"]["batchesDone"]
    allocate_batch(tx, statement, batch_no, lines, [], cache, late=True)
    run(tx, "allocation/resolve_issues", statementId=sid, lines=[line.line for line, _ in lines], field="currency",
        resolution=RESOLUTION, actor=actor)
    run(tx, "allocation/late_gross", statementId=sid, grossExact=str(gross_exact), grossMicro=gross_micro)


def _waiting_lines(statement: dict, waiting: set[int]) -> Iterator[StatementLine]:
    """The file's lines numbered in ``waiting``, read again with the statement's own layout."""
    if not waiting:
        return
    for item in statements.parser_of(statement)(statement["path"]):
        if isinstance(item, StatementLine) and item.line in waiting:
            yield item
