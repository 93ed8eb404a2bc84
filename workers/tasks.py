"""Celery tasks. Each is a thin call into ``app.services``."""
from __future__ import annotations

from app.services import jobs, statements
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
