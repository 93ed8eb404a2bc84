"""Running long jobs: on Celery when a broker is configured, in-process when not.

The services never import the workers (dependencies point workers → services); a job is sent
by task name.
"""
from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from celery import Celery

from app.services import late_rates, repertoire_import, reprocessing, schedules, statement_runs, statements, validation
from app.services.db import settings

PROCESS_STATEMENT = "rightsgraph.process_statement"
VALIDATE_RIGHTS = "rightsgraph.validate_rights"
REPROCESS_STATEMENT = "rightsgraph.reprocess_statement"
REMATCH_SUSPENSE = "rightsgraph.rematch_suspense"
IMPORT_REPERTOIRE = "rightsgraph.import_repertoire"
POST_WAITING_LINES = "rightsgraph.post_waiting_lines"


def process_statement(statement_id: str, actor: str = "api") -> tuple[dict, bool]:
    """Process a statement. Returns (statement properties, queued): queued True means Celery
    workers will do it, as a chain of chunk tasks (``workers.tasks.process_statement``), and
    the properties are the current ones (``GET /api/royalties/statements/{id}`` shows the
    progress). In-process, raises statement_runs.RunSuperseded when another run takes the
    statement over meanwhile."""
    broker = settings().broker_url
    if broker is None:
        return statements.process(statement_id, actor=actor), False
    # the run is named here, so a redelivery of its first chunk continues it
    _client(broker).send_task(PROCESS_STATEMENT, args=[statement_id, actor, statement_runs.Run.new().run_id, 0])
    return statements.get(statement_id), True


def validate_rights(asset_id: str | None, actor: str = "api") -> tuple[dict | None, bool]:
    """Run the split validator on one asset or (None) the whole graph. Returns (summary,
    queued): queued True means a Celery worker will do it and there is no summary yet.
    Raises validation.AssetNotFound (checked before queuing)."""
    broker = settings().broker_url
    if broker is None:
        return validation.validate(asset_id, actor=actor), False
    if asset_id is not None:
        validation.ensure_asset(asset_id)
    _client(broker).send_task(VALIDATE_RIGHTS, args=[asset_id, actor])
    return None, True


def reprocess_statement(statement_id: str, actor: str = "api") -> tuple[dict | None, bool]:
    """Reprocess a processed statement (``reprocessing.reprocess_statement``). Returns (report,
    queued): queued True means a Celery worker will do it and there is no report yet. Raises
    statements.StatementNotFound, reprocessing.StatementNotProcessed (checked before queuing)."""
    broker = settings().broker_url
    if broker is None:
        return reprocessing.reprocess_statement(statement_id, actor=actor), False
    reprocessing.ensure_processed(statement_id)
    _client(broker).send_task(REPROCESS_STATEMENT, args=[statement_id, actor])
    return None, True


def add_rates(statement_id: str, rates: list[dict], actor: str = "api") -> tuple[dict, bool]:
    """Add rates to a statement (``late_rates.add_rates``) and, when it is processed, post the
    lines that waited for them: in-process, or on Celery (``late_rates.post_waiting``).
    Returns (result as ``late_rates.add_rates``, queued): queued True means a Celery worker
    posts the lines and ``posted`` is None. Raises as ``late_rates.add_rates``."""
    broker = settings().broker_url
    if broker is None:
        return late_rates.add_rates(statement_id, rates, actor=actor), False
    result = late_rates.add_rates(statement_id, rates, actor=actor, post=False)
    if not result["due"]:
        return result, False
    _client(broker).send_task(POST_WAITING_LINES, args=[statement_id, actor])
    return result, True


def rematch_suspense(actor: str = "api", statement_id: str | None = None) -> tuple[dict | None, bool]:
    """Re-match the events in suspense (of one statement, or all: ``reprocessing.rematch_suspense``).
    Returns (report, queued) as ``reprocess_statement``. Raises statements.StatementNotFound
    (checked before queuing)."""
    broker = settings().broker_url
    if broker is None:
        return reprocessing.rematch_suspense(actor=actor, statement_id=statement_id), False
    if statement_id is not None:
        statements.get(statement_id)
    _client(broker).send_task(REMATCH_SUSPENSE, args=[actor, statement_id])
    return None, True


def run_schedule(task: str, args: list) -> tuple[Any, bool]:
    """Run a scheduled job (``schedules.JOBS``: task name → service) now. Returns (result,
    queued): queued True means a Celery worker will do it (``workers.tasks``, retried there with
    backoff); in-process it runs with the same retries (``schedules.run_with_retries``), a final
    failure recorded and raised."""
    broker = settings().broker_url
    if broker is None:
        return schedules.run_with_retries(task, schedules.JOBS[task], args), False
    _client(broker).send_task(task, args=args)
    return None, True


def close_due_cycles(today: dt.date) -> list[dict]:
    """Close every royalty cycle due on ``today`` (``schedules.due_groups``), one job per cycle
    (``run_schedule``), so one failing cycle does not hold the others up. Returns ``[{group,
    result, queued, error}]`` (error: the final failure's message in-process, else None)."""
    out = []
    for group in schedules.due_groups(today):
        try:
            result, queued = run_schedule(schedules.CLOSE_DUE_CYCLE, [group])
            out.append({"group": group, "result": result, "queued": queued, "error": None})
        except Exception as exc:  # recorded as a schedule_failure by run_with_retries; the others go on
            out.append({"group": group, "result": None, "queued": False, "error": f"{type(exc).__name__}: {exc}"})
    return out


def import_repertoire(import_id: str, path: str, actor: str = "api") -> tuple[dict, bool]:
    """Run a registered repertoire import (``repertoire_import.run_import``) of the stored file
    ``path``. Returns (import, queued): queued True means a Celery worker will do it and the
    import is the registered one (``GET /api/partners/{id}/repertoire/imports/{importId}``
    shows its progress)."""
    broker = settings().broker_url
    if broker is None:
        return repertoire_import.run_import(import_id, path, actor), False
    _client(broker).send_task(IMPORT_REPERTOIRE, args=[import_id, str(path), actor])
    return repertoire_import.get_import(import_id), True


@cache
def _client(broker: str) -> Celery:
    return Celery("rightsgraph-client", broker=broker)
