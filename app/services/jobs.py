"""Running long jobs: on Celery when a broker is configured, in-process when not.

The services never import the workers (dependencies point workers → services); a job is sent
by task name.
"""
from __future__ import annotations

from functools import cache

from celery import Celery

from app.services import statements
from app.services.db import settings

PROCESS_STATEMENT = "rightsgraph.process_statement"


def process_statement(statement_id: str, actor: str = "api") -> tuple[dict, bool]:
    """Process a statement. Returns (statement properties, queued): queued True means a Celery
    worker will do it and the properties are the current ones."""
    broker = settings().broker_url
    if broker is None:
        return statements.process(statement_id, actor=actor), False
    _client(broker).send_task(PROCESS_STATEMENT, args=[statement_id, actor])
    return statements.get(statement_id), True


@cache
def _client(broker: str) -> Celery:
    return Celery("rightsgraph-client", broker=broker)
