"""Who is processing a statement: runs, chunks and progress (issue 4 item 7, "resumable").

A *run* is one attempt to process a statement to the end: in-process (``statements.process``
from the CLI or the API without a broker) or a chain of Celery chunk tasks (``workers.tasks``),
each chunk allocating batches for a bounded time and then queueing the next. The statement
records ``runId`` and ``runSeq`` (the chunk of the run that may write), ``progressAt`` (last
sign of life) and the ``batchSize`` its batches were cut with, so a resumed run numbers its
batches — and their idempotency keys ``statement:{id}:batch:{n}`` — exactly as the first.

Rules, so that at most one run makes progress and a chain never forks:

* ``claim``: another run always takes the statement over (a crashed run cannot hand it back; a
  run still alive notices at its next batch and stops — so one chain goes on, whichever); a
  chunk of the current run only when it is not older than the run's current chunk (a late
  redelivery of a finished chunk does nothing);
* every batch transaction starts with ``check`` (``RunSuperseded`` when the statement's run or
  chunk changed) and commits with the batch, so ``progressAt`` moves with the progress;
* ``advance`` moves the run to its next chunk only from the current one: of two deliveries of
  the same chunk (a broker redelivery), one queues a successor.

Correctness never depends on these rules: each batch is idempotent (its journal entry's key is
unique, and ``batchesDone`` must equal its number). They only stop duplicate runs from doing
the same work twice. Beat resumes a statement whose progress stopped for ``STALE``.
"""
from __future__ import annotations

import datetime as dt
import os
import uuid
from dataclasses import dataclass
from decimal import Decimal

from neo4j import ManagedTransaction

from app.services.db import run, write

#: A statement silent this long (no batch committed, no run claiming it) is resumed by beat.
STALE = dt.timedelta(minutes=10)
# ZIP containers (XLSX, Cargo ZIP, DSR bundles) and UTF-16 files hold no countable text lines.
_BINARY_MAGIC = (b"PK\x03\x04", b"\xff\xfe", b"\xfe\xff")


class RunSuperseded(RuntimeError):
    """A newer run (or the next chunk of this one) took the statement over; this run stops
    without writing (its transaction rolls back)."""


@dataclass(frozen=True)
class Run:
    """One run of a statement: ``run_id`` (hex uuid) and ``seq``, the chunk number (0, 1, …)."""

    run_id: str
    seq: int = 0

    @classmethod
    def new(cls) -> "Run":
        """A fresh run, at its first chunk."""
        return cls(uuid.uuid4().hex)


def claim(statement_id: str, current: Run, batch_size: int, lines_total: int | None) -> int:
    """Make ``current`` the statement's run; returns the batch size to cut its lines with
    (the first run's, kept on the statement: resuming with another size would renumber the
    batches). ``lines_total`` (an estimate, see ``estimate_lines``) is kept when none is.
    Raises RunSuperseded for a chunk older than its run's current one (a late redelivery)."""
    rows = write(lambda tx: run(tx, "allocation/claim_statement", statementId=statement_id, runId=current.run_id,
                                seq=current.seq, batchSize=batch_size, linesTotal=lines_total))
    if not rows:
        raise RunSuperseded(f"statement {statement_id}: run {current.run_id} is past chunk {current.seq}")
    return rows[0]["batchSize"]


def check(tx: ManagedTransaction, statement_id: str, current: Run) -> None:
    """In a batch's transaction, before it writes: raise RunSuperseded unless ``current`` is
    still the statement's run and chunk; else mark progress (it commits with the batch)."""
    if not run(tx, "allocation/run_heartbeat", statementId=statement_id, runId=current.run_id, seq=current.seq):
        raise RunSuperseded(f"statement {statement_id}: run {current.run_id} chunk {current.seq} was superseded")


def advance(statement_id: str, current: Run) -> Run | None:
    """The run's next chunk, recorded on the statement — or None when the statement is no
    longer at ``current`` (another delivery of this chunk advanced it, or a newer run took over)."""
    rows = write(lambda tx: run(tx, "allocation/advance_run", statementId=statement_id, runId=current.run_id,
                                seq=current.seq))
    return Run(current.run_id, current.seq + 1) if rows else None


def estimate_lines(path: str | os.PathLike) -> int | None:
    """Rows of a text statement file, for a progress percentage: its line ends (LF, or CR in a
    CR-only file) less the header. An estimate: blank lines and quoted line breaks count, DSR
    header/footer records too. None for files without text lines (ZIP, XLSX, UTF-16). Reads
    the file in 1 MiB blocks (constant memory)."""
    lf = cr = 0
    last = b""
    with open(path, "rb") as fh:
        if fh.read(4).startswith(_BINARY_MAGIC):
            return None
        fh.seek(0)
        while block := fh.read(1 << 20):
            lf += block.count(b"\n")
            cr += block.count(b"\r")
            last = block[-1:]
    lines = (lf or cr) + (last not in (b"", b"\n", b"\r"))  # a last line without its line end
    return max(lines - 1, 0)


def percent(statement: dict) -> Decimal | None:
    """Progress of a statement in percent (0–100, one decimal, rounded down): 100 once
    processed; ``linesRead`` over ``linesTotal`` while processing (at most 99.9: the total is
    an estimate); None when the total is unknown."""
    if statement.get("status") in ("processed", "processed_with_errors"):
        return Decimal(100)
    total = statement.get("linesTotal")
    if not total:
        return None
    tenths = min(999, 1000 * (statement.get("linesRead") or 0) // total)
    return Decimal(tenths).scaleb(-1)
