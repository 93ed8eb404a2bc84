"""Celery tasks. Each is a thin call into ``app.services``."""
from __future__ import annotations

from app.services import jobs, statements, validation
from workers.celery_app import celery


@celery.task(name=jobs.PROCESS_STATEMENT)
def process_statement(statement_id: str, actor: str = "worker") -> str:
    """Match and allocate one statement (idempotent, resumable); returns its final status."""
    return statements.process(statement_id, actor=actor)["status"]


@celery.task(name="rightsgraph.resume_statements")
def resume_statements() -> list[str]:
    """Beat: queue every statement left registered or interrupted mid-processing."""
    ids = statements.unfinished()
    for statement_id in ids:
        process_statement.delay(statement_id)
    return ids


@celery.task(name=jobs.VALIDATE_RIGHTS)
def validate_rights(asset_id: str | None = None, actor: str = "validator") -> dict:
    """Beat (nightly, whole graph) and on demand: the split validator; returns the summary's
    counts (the issues themselves are in the graph)."""
    summary = validation.validate(asset_id, actor=actor)
    return {k: v for k, v in summary.items() if k != "issues"}
