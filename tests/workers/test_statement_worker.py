"""A statement processed by a real Celery worker through a real Redis broker."""
from __future__ import annotations

import datetime as dt

from app.services import jobs, statements
from tests.fixtures_paths import REAL
from tests.workers.conftest import wait_for


def test_statement_is_processed_by_a_celery_worker(start_worker):
    worker = start_worker()
    statement, _ = statements.register(REAL / "statements" / "DistroKid_NonAscii.tsv", "DistroKid_NonAscii.tsv",
                                       "distrokid")
    current, queued = jobs.process_statement(statement["statementId"])
    assert queued is True
    assert current["status"] == "registered"
    current = wait_for(lambda: (s := statements.get(statement["statementId"]))["status"] in statements.DONE and s,
                       60, worker)
    assert current["status"] == "processed"
    assert current["grossMicro"] == 10_000_000  # 1 + 2 + 3 + 4 USD, nothing matched → all in suspense
    assert statements.totals(statement["statementId"])["suspenseMicro"] == 10_000_000


def test_beat_resume_task_finds_interrupted_statements(graph):
    statement, _ = statements.register(REAL / "statements" / "DistroKid_Test.tsv", "DistroKid_Test.tsv", "distrokid")
    assert statements.unfinished(grace=dt.timedelta(0)) == [statement["statementId"]]
    statements.process(statement["statementId"])
    assert statements.unfinished(grace=dt.timedelta(0)) == []
