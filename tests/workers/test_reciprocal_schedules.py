"""The scheduled jobs of reciprocal representation (issue 7 item 8): the beat entries, a due cycle
created, closed and marked on its agreement, and a job failing every retry ending as a
``schedule_failure`` DataQualityIssue — on a real Celery worker over Redis and in-process
(``app.services.jobs``)."""
from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal

import pytest
from celery.schedules import crontab

from app.services import cycles, jobs, partners, quality, schedules
from app.services import reciprocal_agreements as ra
from tests.fixtures_paths import ASCAP_WORKS_CSV
from tests.workers.conftest import wait_for
import workers.tasks  # noqa: F401  (registers the tasks on the app)
from workers.celery_app import celery

D = dt.date
BAD_GROUP = {"territory": "QQ", "period": "2025-Q1", "periodStart": "2025-01-01", "periodEnd": "2025-04-01",
             "agreementIds": []}


@pytest.fixture
def ghana_agreement(graph):
    """Partner ASCAP with an Active quarterly agreement for GH from 2025-01-01."""
    partners.create_partner({"code": "ASCAP", "name": "ASCAP", "country": "US", "reportingStandard": "CSV-Custom",
                             "defaultAdminFeePercent": Decimal("15")}, "admin")
    return ra.create_agreement({"partner": "ASCAP", "territories": ["GH"], "validFrom": "2025-01-01",
                                "reportingFrequency": "Quarterly", "status": "Active"}, "admin")


def failures() -> list[dict]:
    return quality.list_issues(0, 10, kind=schedules.FAILURE_KIND)[0]


def test_beat_schedules_the_sync_and_the_cycle_close():
    beat = celery.conf.beat_schedule
    assert beat["repertoire-sync-nightly"]["task"] == schedules.SYNC_REPERTOIRE
    assert beat["repertoire-sync-nightly"]["schedule"] == crontab(hour=1, minute=30)
    assert beat["reciprocal-cycles-daily"]["task"] == schedules.CLOSE_DUE_CYCLES
    for name in (schedules.SYNC_REPERTOIRE, schedules.CLOSE_DUE_CYCLES, schedules.CLOSE_DUE_CYCLE):
        task = celery.tasks[name]
        assert task.autoretry_for == (Exception,) and task.max_retries == 3 and task.retry_backoff == 60


def test_due_cycle_closed_in_process_then_nothing_due(ghana_agreement, monkeypatch, tmp_path):
    monkeypatch.setenv("RIGHTSGRAPH_EXPORT_DIR", str(tmp_path))
    done = jobs.close_due_cycles(D(2025, 4, 2))
    assert [(r["group"]["territory"], r["group"]["period"], r["queued"], r["error"]) for r in done] == [
        ("GH", "2025-Q1", False, None)]
    cycle = cycles.get_cycle(done[0]["result"]["cycleId"])
    assert (cycle["territory"], cycle["periodStart"], cycle["periodEnd"], cycle["status"]) == \
        ("GH", D(2025, 1, 1), D(2025, 4, 1), "Locked")
    assert ra.get_agreement(ghana_agreement["agreementId"])["lastCycleEnd"] == D(2025, 4, 1)
    assert jobs.close_due_cycles(D(2025, 4, 2)) == []


def test_nightly_sync_imports_the_drop_folder_and_gives_mandates(ghana_agreement, monkeypatch, tmp_path, graph):
    folder = tmp_path / "ASCAP"
    folder.mkdir()
    shutil.copy(ASCAP_WORKS_CSV, folder / ASCAP_WORKS_CSV.name)
    monkeypatch.setenv("RIGHTSGRAPH_REPERTOIRE_DROP_DIR", str(tmp_path))
    results, queued = jobs.run_schedule(schedules.SYNC_REPERTOIRE, [])
    assert queued is False and [(r["partner"], r["file"], r["status"]) for r in results] == [
        ("ASCAP", "ascap_works_sample.csv", "done")]
    records, _, _ = graph.execute_query(
        "MATCH (w:Work)-[:IN_REPERTOIRE_OF]->(s:Society {code: 'ASCAP'}) "
        "OPTIONAL MATCH (s)-[m:COLLECTS {agreementId: $aid, basis: 'reciprocal', status: 'active'}]->(w) "
        "RETURN count(DISTINCT w) AS works, count(m) AS mandates", aid=ghana_agreement["agreementId"])
    assert records[0]["works"] > 0 and records[0]["mandates"] == records[0]["works"]
    assert jobs.run_schedule(schedules.SYNC_REPERTOIRE, []) == ([], False)  # nothing new the next night


def test_sync_with_a_bad_file_imports_the_others_then_fails_and_is_recorded(ghana_agreement, monkeypatch,
                                                                           tmp_path, graph):
    folder = tmp_path / "ASCAP"
    folder.mkdir()
    shutil.copy(ASCAP_WORKS_CSV, folder / ASCAP_WORKS_CSV.name)
    (folder / "notes.txt").write_text("not a repertoire file", "utf-8")
    monkeypatch.setenv("RIGHTSGRAPH_REPERTOIRE_DROP_DIR", str(tmp_path))
    monkeypatch.setenv("RIGHTSGRAPH_SCHEDULE_MAX_RETRIES", "1")
    monkeypatch.setenv("RIGHTSGRAPH_SCHEDULE_RETRY_BACKOFF", "0")
    with pytest.raises(schedules.SyncFailed, match="ASCAP/notes.txt: unknown repertoire format"):
        jobs.run_schedule(schedules.SYNC_REPERTOIRE, [])
    records, _, _ = graph.execute_query(
        "MATCH (w:Work)-[:IN_REPERTOIRE_OF]->(:Society {code: 'ASCAP'}) RETURN count(w) AS works")
    assert records[0]["works"] == 10  # the good file was imported all the same
    (found,) = failures()
    assert found["witness"]["task"] == schedules.SYNC_REPERTOIRE and "notes.txt" in found["witness"]["error"]


def test_in_process_job_failing_every_retry_is_recorded(graph, monkeypatch):
    monkeypatch.setenv("RIGHTSGRAPH_SCHEDULE_MAX_RETRIES", "2")
    monkeypatch.setenv("RIGHTSGRAPH_SCHEDULE_RETRY_BACKOFF", "0")
    with pytest.raises(Exception, match="territory"):
        jobs.run_schedule(schedules.CLOSE_DUE_CYCLE, [BAD_GROUP])
    found = failures()
    assert len(found) == 1 and found[0]["witness"]["attempts"] == 3
    assert found[0]["key"] == f"schedule_failure|{schedules.CLOSE_DUE_CYCLE}|{json.dumps([BAD_GROUP], sort_keys=True)}"
    assert found[0]["witness"]["task"] == schedules.CLOSE_DUE_CYCLE and "QQ" in found[0]["witness"]["error"]
    with pytest.raises(Exception):
        jobs.run_schedule(schedules.CLOSE_DUE_CYCLE, [BAD_GROUP])
    assert len(failures()) == 1  # the same job failing again refreshes its issue


def test_backoff_doubles():
    assert [schedules.backoff_seconds(n) for n in range(3)] == [60, 120, 240]


def test_celery_task_failing_every_retry_is_recorded(broker, start_worker):
    worker = start_worker(RIGHTSGRAPH_SCHEDULE_MAX_RETRIES="2", RIGHTSGRAPH_SCHEDULE_RETRY_BACKOFF="1")
    result, queued = jobs.run_schedule(schedules.CLOSE_DUE_CYCLE, [BAD_GROUP])
    assert (result, queued) == (None, True)
    found = wait_for(failures, timeout=90, worker=worker)
    assert found[0]["witness"]["attempts"] == 3 and found[0]["witness"]["args"] == [BAD_GROUP]
    assert cycles.list_cycles(0, 10)[1] == 0
