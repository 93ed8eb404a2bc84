"""Issue 4 "Tests": crash mid-allocation (kill the worker) then resume — no double credit.

A statement is processed by a real Celery worker on a real Redis as a chain of chunk tasks;
the whole worker (main process and pool process) is SIGKILLed while it allocates; a new worker
picks the unacknowledged chunk up (``task_acks_late``: Redis redelivers it after the visibility
timeout) and finishes the same run. Every line must be allocated exactly once.
"""
from __future__ import annotations

import csv
import os
import signal
import time
from decimal import Decimal

import pytest

from app.money import to_micro
from app.services import jobs, statement_runs, statements
from app.services.catalog_import import import_catalog
from app.services.demo_data import generate_catalog, write_catalog, write_distrokid_statement
from tests.graph.helpers import assert_ledger_consistent
from tests.workers.conftest import wait_for

LINES = 8_000
BATCH = 400  # 20 batches: seconds of allocation, several chunks
VISIBILITY_TIMEOUT = 8  # seconds: how soon Redis hands a dead worker's task to another
WORKER_ENV = {"RIGHTSGRAPH_CHUNK_SECONDS": "1", "RIGHTSGRAPH_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}


@pytest.mark.timeout(600)  # two worker start-ups and a catalog import, on a shared machine
def test_a_worker_killed_mid_allocation_is_resumed_without_double_credit(graph, start_worker, tmp_path):
    catalog = generate_catalog(300)
    write_catalog(tmp_path / "catalog.json", catalog)
    import_catalog(tmp_path / "catalog.json")
    path = tmp_path / "distrokid.tsv"
    write_distrokid_statement(path, catalog, LINES)
    with open(path, encoding="utf-8", newline="") as fh:
        gross = to_micro(sum(Decimal(row["Earnings (USD)"]) for row in csv.DictReader(fh, delimiter="\t")))
    statement, _ = statements.register(path, path.name, "distrokid")
    sid = statement["statementId"]
    # The batch size a statement's first run recorded is the one every run keeps (as if a
    # first run had cut it in batches of BATCH lines).
    graph.execute_query("MATCH (s:Statement {statementId: $sid}) SET s.batchSize = $batch", sid=sid, batch=BATCH)

    first = start_worker(pool="prefork", **WORKER_ENV)
    assert jobs.process_statement(sid)[1] is True
    wait_for(lambda: statements.get(sid)["batchesDone"] >= 4, 120, first)
    os.killpg(first.pid, signal.SIGKILL)  # main process and pool process, mid-chunk
    assert first.wait(timeout=10) == -signal.SIGKILL
    time.sleep(1)  # the server rolls back the transaction of the dead connection
    killed = statements.get(sid)
    expected_batches = -(-LINES // BATCH)
    assert killed["status"] == "processing"
    assert 4 <= killed["batchesDone"] < expected_batches
    assert 0 < statement_runs.percent(killed) < 100

    time.sleep(VISIBILITY_TIMEOUT + 1)  # the killed worker's chunk is now due for redelivery
    second = start_worker(pool="prefork", **WORKER_ENV)
    done = wait_for(lambda: (s := statements.get(sid))["status"] in statements.DONE and s, 180, second)

    assert (done["status"], done["linesRead"], done["batchesDone"], done["grossMicro"]) == (
        "processed", LINES, expected_batches, gross)
    assert done["runId"] == killed["runId"]  # the same run, redelivered — not a new one
    events, _, _ = graph.execute_query(
        "MATCH (e:RoyaltyEvent {statementId: $sid}) OPTIONAL MATCH (e)-[al:ALLOCATED]->() "
        "WITH e, sum(al.amount) AS allocated "
        "RETURN count(e) AS events, count(DISTINCT e.line) AS lines, sum(allocated) AS allocated, "
        "       count(CASE WHEN allocated <> e.grossMicro THEN 1 END) AS uneven", sid=sid)
    assert dict(events[0]) == {"events": LINES, "lines": LINES, "allocated": gross, "uneven": 0}
    entries, _, _ = graph.execute_query(
        "MATCH (e:JournalEntry {statementId: $sid}) RETURN collect(e.idempotencyKey) AS keys", sid=sid)
    keys = entries[0]["keys"]
    assert sorted(keys) == sorted(f"statement:{sid}:batch:{n}" for n in range(expected_batches))
    assert_ledger_consistent(graph)
