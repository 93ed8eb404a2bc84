"""A statement processed by a real Celery worker through a real Redis broker."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time

import pytest
import redis

from app.services import jobs, statements
from tests.fixtures_paths import REAL

BROKER = os.environ.get("RIGHTSGRAPH_TEST_BROKER", "redis://127.0.0.1:6379/15")


@pytest.fixture
def worker(graph, monkeypatch):
    """A `celery worker` subprocess on the test graph, consuming from Redis db 15."""
    redis.Redis.from_url(BROKER).flushdb()
    env = dict(os.environ, CELERY_BROKER_URL=BROKER, RIGHTSGRAPH_INSTANCE="test")
    proc = subprocess.Popen([sys.executable, "-m", "celery", "-A", "workers.celery_app:celery", "worker",
                             "--pool=solo", "--concurrency=1", "--loglevel=WARNING", "--without-heartbeat",
                             "--without-gossip", "--without-mingle"], env=env)
    monkeypatch.setenv("CELERY_BROKER_URL", BROKER)
    yield proc
    proc.terminate()
    proc.wait(timeout=30)


def test_statement_is_processed_by_a_celery_worker(worker):
    statement, _ = statements.register(REAL / "statements" / "DistroKid_NonAscii.tsv", "DistroKid_NonAscii.tsv",
                                       "distrokid")
    current, queued = jobs.process_statement(statement["statementId"])
    assert queued is True
    assert current["status"] == "registered"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        current = statements.get(statement["statementId"])
        if current["status"] in statements.DONE:
            break
        assert worker.poll() is None, "the worker exited"
        time.sleep(0.3)
    assert current["status"] == "processed"
    assert current["grossMicro"] == 10_000_000  # 1 + 2 + 3 + 4 USD, nothing matched → all in suspense
    assert statements.totals(statement["statementId"])["suspenseMicro"] == 10_000_000


def test_beat_resume_task_finds_interrupted_statements(graph):
    statement, _ = statements.register(REAL / "statements" / "DistroKid_Test.tsv", "DistroKid_Test.tsv", "distrokid")
    assert statements.unfinished(grace=dt.timedelta(0)) == [statement["statementId"]]
    statements.process(statement["statementId"])
    assert statements.unfinished(grace=dt.timedelta(0)) == []
