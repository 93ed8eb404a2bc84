"""The scheduled jobs of reciprocal representation (issue 7 item 8) and what happens when one
keeps failing.

* the nightly repertoire sync: ``repertoire_import.sync_drop_folder``;
* the cycle close on each agreement's reporting frequency: ``due_groups`` turns
  ``reciprocal_agreements.due_cycles`` into one royalty cycle per territory and period (two
  partners' agreements over the same territory share the cycle), and ``close_due_cycle``
  creates it (or takes the one a failed attempt left), closes it, generates each partner's
  report in its reporting standard and records the period as closed on the agreements.

On Celery these are ``workers.tasks`` retried with exponential backoff up to
``settings().schedule_max_retries`` times; in-process (no broker) ``run_with_retries`` does the
same. A final failure is recorded for ops as a DataQualityIssue of kind ``schedule_failure``
(there is no system alert: Money Hub alerts are per participant), keyed by task and arguments
so a job failing night after night refreshes one issue.
"""
from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Callable
from typing import Any

from app.services import cycles, quality, reciprocal_agreements, reciprocal_exports, repertoire_import
from app.services.db import settings, write

SYNC_REPERTOIRE = "rightsgraph.sync_repertoire"
CLOSE_DUE_CYCLES = "rightsgraph.close_due_cycles"
CLOSE_DUE_CYCLE = "rightsgraph.close_due_cycle"
FAILURE_KIND = "schedule_failure"
ACTOR = "scheduler"


class SyncFailed(RuntimeError):
    """Some files of the drop folder failed to import (the others did): raised after the whole
    folder was tried, so the job is retried (files imported meanwhile are skipped) and a final
    failure is recorded like any other scheduled job's."""


def sync_repertoire(actor: str = ACTOR) -> list[dict]:
    """Import every new file of the repertoire drop folder (``sync_drop_folder``); its results.
    Raises SyncFailed naming each file that failed."""
    results = repertoire_import.sync_drop_folder(actor)
    failed = [r for r in results if r["status"] == "failed"]
    if failed:
        raise SyncFailed("; ".join(f"{r['partner']}/{r['file'] or ''}: {r['error']}" for r in failed))
    return results


def due_groups(today: dt.date) -> list[dict]:
    """The cycles to close on ``today``: ``due_cycles`` grouped by territory and period,
    ``[{territory, period, periodStart, periodEnd (ISO dates), agreementIds}]`` (JSON-able: the
    Celery task's argument), ordered by period then territory."""
    groups: dict[tuple, dict] = {}
    for due in reciprocal_agreements.due_cycles(today):
        key = (due["periodStart"], due["periodEnd"], due["territory"])
        group = groups.setdefault(key, {"territory": due["territory"], "period": due["period"],
                                        "periodStart": due["periodStart"].isoformat(),
                                        "periodEnd": due["periodEnd"].isoformat(), "agreementIds": []})
        if due["agreementId"] not in group["agreementIds"]:
            group["agreementIds"].append(due["agreementId"])
    return [groups[k] for k in sorted(groups)]


def _cycle_for(territory: str, start: dt.date, end: dt.date) -> dict | None:
    """The latest cycle of ``territory`` over exactly [start, end), if one exists (a retry
    continues the cycle an earlier attempt created, closed or not)."""
    rows, _ = cycles.list_cycles(0, 10_000, territory=territory)
    same = [c for c in rows if (c["periodStart"], c["periodEnd"]) == (start, end)]
    return max(same, key=lambda c: c["cycleId"]) if same else None


def close_due_cycle(group: dict, actor: str = ACTOR) -> dict:
    """Create (or take up) the cycle of one ``due_groups`` item, close it, generate the
    partners' reports and mark the period closed on its agreements. Each step is idempotent, so
    a retry after any failure finishes the job. Returns ``{cycleId, status, exportIds}``.
    Raises what the steps raise (InvalidInput, CycleConflict, ExportConflict…)."""
    start, end = dt.date.fromisoformat(group["periodStart"]), dt.date.fromisoformat(group["periodEnd"])
    cycle = _cycle_for(group["territory"], start, end) or cycles.create_cycle(
        {"territory": group["territory"], "periodStart": start, "periodEnd": end}, actor)
    closed = cycles.close_cycle(cycle["cycleId"], actor)
    exports = reciprocal_exports.generate_reports(closed["cycleId"], actor)
    for agreement_id in group["agreementIds"]:
        reciprocal_agreements.mark_cycle_closed(agreement_id, end, actor)
    return {"cycleId": closed["cycleId"], "status": closed["status"], "exportIds": [e["exportId"] for e in exports]}


def record_failure(task: str, args: list, error: BaseException, attempts: int) -> str:
    """Record a scheduled job's final failure as a ``schedule_failure`` DataQualityIssue (key
    ``schedule_failure|<task>|<args JSON>``: the same job failing again refreshes it); its id."""
    args_json = json.dumps(args, sort_keys=True, default=str)
    finding = quality.Finding(
        kind=FAILURE_KIND, key=f"{FAILURE_KIND}|{task}|{args_json}", entity_id=task,
        message=f"scheduled job {task} failed after {attempts} attempt(s): {type(error).__name__}: {error}",
        witness={"task": task, "args": args, "error": f"{type(error).__name__}: {error}", "attempts": attempts})
    return write(lambda tx: quality.record(tx, [finding]))[0]["issueId"]


def backoff_seconds(retry: int) -> float:
    """The wait before retry number ``retry`` (0-based): ``schedule_retry_backoff`` × 2^retry,
    capped at an hour — the countdowns Celery's ``retry_backoff`` gives without jitter."""
    return min(settings().schedule_retry_backoff * 2 ** retry, 3600)


def run_with_retries(task: str, work: Callable[..., Any], args: list, sleep: Callable[[float], None] = time.sleep):
    """Run ``work(*args)`` in-process as the Celery task ``task`` would run: retried up to
    ``schedule_max_retries`` times after ``backoff_seconds``; after the last failure the
    failure is recorded (``record_failure``) and the error raised again."""
    retries = settings().schedule_max_retries
    for attempt in range(retries + 1):
        try:
            return work(*args)
        except Exception as exc:  # any failure is retried, as autoretry_for=(Exception,) does
            if attempt == retries:
                record_failure(task, args, exc, attempt + 1)
                raise
            sleep(backoff_seconds(attempt))


JOBS: dict[str, Callable[..., Any]] = {SYNC_REPERTOIRE: sync_repertoire, CLOSE_DUE_CYCLE: close_due_cycle}
