"""Running long jobs: on Celery when a broker is configured, in-process when not.

The services never import the workers (dependencies point workers → services); a job is sent
by task name.
"""
from __future__ import annotations

from functools import cache

from celery import Celery

from app.services import statements, validation
from app.services.db import settings

PROCESS_STATEMENT = "rightsgraph.process_statement"
VALIDATE_RIGHTS = "rightsgraph.validate_rights"


def process_statement(statement_id: str, actor: str = "api") -> tuple[dict, bool]:
    """Process a statement. Returns (statement properties, queued): queued True means a Celery
    worker will do it and the properties are the current ones."""
    broker = settings().broker_url
    if broker is None:
        return statements.process(statement_id, actor=actor), False
    _client(broker).send_task(PROCESS_STATEMENT, args=[statement_id, actor])
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


@cache
def _client(broker: str) -> Celery:
    return Celery("rightsgraph-client", broker=broker)
