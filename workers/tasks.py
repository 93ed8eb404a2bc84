"""Celery tasks. Each is a thin call into ``app.services``."""
from __future__ import annotations

import datetime as dt

from celery import Task

from app.services import (alerts, jobs, late_rates, payout_runs, repertoire_import, reprocessing, schedules,
                          statement_runs, statements, validation)
from app.services.db import settings
from workers.celery_app import celery


@celery.task(name=jobs.PROCESS_STATEMENT)
def process_statement(statement_id: str, actor: str, run_id: str, seq: int = 0) -> str:
    """Chunk ``seq`` of the run ``run_id`` of a statement (``statement_runs``; chunk 0 takes the
    statement over): allocate batches from its recorded progress for ``Settings.chunk_seconds``,
    then queue the next chunk. A redelivered chunk continues the same run. Returns the
    statement's status, or ``superseded`` when another run took it over (this one stops)."""
    current = statement_runs.Run(run_id, seq)
    try:
        statement = statements.process(statement_id, actor=actor, run_as=current,
                                       max_seconds=settings().chunk_seconds)
    except statement_runs.RunSuperseded:
        return "superseded"
    if statement["status"] == "processing":
        following = statement_runs.advance(statement_id, current)
        if following is not None:
            process_statement.delay(statement_id, actor, following.run_id, following.seq)
    return statement["status"]


@celery.task(name="rightsgraph.resume_statements")
def resume_statements() -> list[str]:
    """Beat: start a new run of every statement left registered, or whose processing stopped
    (a killed worker, a lost task: no progress for ``statement_runs.STALE``)."""
    ids = statements.unfinished()
    for statement_id in ids:
        process_statement.delay(statement_id, "beat", statement_runs.Run.new().run_id)
    return ids


@celery.task(name=jobs.VALIDATE_RIGHTS)
def validate_rights(asset_id: str | None = None, actor: str = "validator") -> dict:
    """Beat (nightly, whole graph) and on demand: the split validator; returns the summary's
    counts (the issues themselves are in the graph)."""
    summary = validation.validate(asset_id, actor=actor)
    return {k: v for k, v in summary.items() if k != "issues"}


@celery.task(name=jobs.REPROCESS_STATEMENT)
def reprocess_statement(statement_id: str, actor: str = "worker") -> dict:
    """Allocate a processed statement again and post the differences; returns the counts."""
    report = reprocessing.reprocess_statement(statement_id, actor=actor)
    return {k: v for k, v in report.items() if k != "entries"}


@celery.task(name=jobs.POST_WAITING_LINES)
def post_waiting_lines(statement_id: str, actor: str = "worker") -> dict:
    """After rates were added to a processed statement: post the lines that waited for them;
    returns the counts (``late_rates.post_waiting``; a redelivery posts nothing twice)."""
    return late_rates.post_waiting(statement_id, actor)


@celery.task(name=jobs.REMATCH_SUSPENSE)
def rematch_suspense(actor: str = "worker", statement_id: str | None = None) -> dict:
    """Beat (hourly), after a catalog import and on demand: re-match the money in suspense;
    returns the counts."""
    report = reprocessing.rematch_suspense(actor=actor, statement_id=statement_id)
    return {k: v for k, v in report.items() if k != "entries"}


@celery.task(name=jobs.IMPORT_REPERTOIRE)
def import_repertoire(import_id: str, path: str, actor: str = "worker") -> dict:
    """A large repertoire upload (queued by the API): import the stored file under its
    registered import; returns the import without its log."""
    return {k: v for k, v in repertoire_import.run_import(import_id, path, actor).items() if k != "log"}


@celery.task(name="rightsgraph.generate_alerts")
def generate_alerts() -> dict:
    """Beat (nightly): every Money Hub alert detector over the whole graph; returns the counts."""
    return alerts.nightly()


@celery.task(name="rightsgraph.run_payouts")
def run_payouts() -> list[str]:
    """Beat (the payout day of each month, 06:00 UTC): submit the approved payouts to the payout
    provider (``rightsgraph payouts run``); returns the batch ids."""
    return [batch["batchId"] for batch in payout_runs.run_payouts("beat")]


class ScheduledTask(Task):
    """A scheduled job of reciprocal representation: retried on any error with exponential
    backoff (``Settings.schedule_retry_backoff`` × 2^n seconds, at most
    ``Settings.schedule_max_retries`` times); the final failure is recorded for ops
    (``schedules.record_failure``: a ``schedule_failure`` DataQualityIssue)."""

    autoretry_for = (Exception,)
    max_retries = settings().schedule_max_retries
    retry_backoff = settings().schedule_retry_backoff
    retry_backoff_max = 3600
    retry_jitter = False  # the countdowns of schedules.backoff_seconds, as in-process

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Record the final failure (retries spent) as a schedule failure, as in-process runs do."""
        schedules.record_failure(self.name, list(args), exc, self.request.retries + 1)


@celery.task(name=schedules.SYNC_REPERTOIRE, base=ScheduledTask)
def sync_repertoire(actor: str = schedules.ACTOR) -> list[dict]:
    """Beat (nightly): import the new files of the repertoire drop folder; one result per file."""
    return schedules.sync_repertoire(actor)


@celery.task(name=schedules.CLOSE_DUE_CYCLES, base=ScheduledTask)
def close_due_cycles(today: str | None = None) -> list[dict]:
    """Beat (daily): queue one ``close_due_cycle`` per royalty cycle due (``today`` ISO date,
    default today UTC); returns the groups queued."""
    return [row["group"] for row in jobs.close_due_cycles(dt.date.fromisoformat(today) if today
                                                          else dt.datetime.now(dt.timezone.utc).date())]


@celery.task(name=schedules.CLOSE_DUE_CYCLE, base=ScheduledTask)
def close_due_cycle(group: dict) -> dict:
    """Create, close and report one due royalty cycle (``schedules.close_due_cycle``)."""
    return schedules.close_due_cycle(group)
