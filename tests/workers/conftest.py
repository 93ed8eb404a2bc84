"""Real Celery workers on a real Redis for the worker tests.

The broker is ``RIGHTSGRAPH_TEST_BROKER`` (default Redis db 15 on 127.0.0.1:6379, which
``make test`` starts); a worker is a ``celery worker`` subprocess on the same test Neo4j
instance as the test (the environment conftest.py set up), in its own process group so a test
can kill it whole."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
import redis

BROKER = os.environ.get("RIGHTSGRAPH_TEST_BROKER", "redis://127.0.0.1:6379/15")


@pytest.fixture
def broker(graph, monkeypatch):
    """The emptied test broker, configured for the code under test (tasks go to Celery)."""
    redis.Redis.from_url(BROKER).flushdb()
    monkeypatch.setenv("CELERY_BROKER_URL", BROKER)
    return BROKER


@pytest.fixture
def start_worker(broker):
    """``start_worker(pool='solo', **env)``: a started `celery worker` subprocess (stopped at
    the end of the test); ``env`` adds environment variables (e.g. RIGHTSGRAPH_CHUNK_SECONDS)."""
    started: list[subprocess.Popen] = []

    def start(pool: str = "solo", **env: str) -> subprocess.Popen:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "workers.celery_app:celery", "worker", f"--pool={pool}",
             "--concurrency=1", "--loglevel=WARNING", "--without-heartbeat", "--without-gossip", "--without-mingle"],
            env={**os.environ, "CELERY_BROKER_URL": broker, **env}, start_new_session=True)
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def wait_for(condition, timeout: float, worker: subprocess.Popen | None = None, every: float = 0.1):
    """Poll ``condition()`` until it returns a truthy value (returned); fail after ``timeout``
    seconds, or as soon as ``worker`` has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if worker is not None:
            assert worker.poll() is None, f"the worker exited with {worker.returncode}"
        time.sleep(every)
    pytest.fail(f"not reached within {timeout:.0f} s")
