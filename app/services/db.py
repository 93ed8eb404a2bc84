"""Access to the configured Neo4j: the driver and transaction helpers for the services."""
from __future__ import annotations

from typing import Any, Callable, TypeVar

from neo4j import Driver, ManagedTransaction
from neo4j.time import Date, DateTime

import cypher
from app.config import Settings
from graph.connection import get_driver

T = TypeVar("T")


def settings() -> Settings:
    """Settings from the environment (read on each call: cheap, and tests can change env)."""
    return Settings.from_env()


def driver() -> Driver:
    """The process-wide driver for the configured Neo4j (the local instance by default)."""
    s = settings()
    return get_driver(s.bolt_uri, s.neo4j_user, s.neo4j_password)


def write(work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``work(tx, *args, **kwargs)`` in one retried write transaction."""
    with driver().session() as session:
        return session.execute_write(work, *args, **kwargs)


def read(work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``work(tx, *args, **kwargs)`` in one retried read transaction."""
    with driver().session() as session:
        return session.execute_read(work, *args, **kwargs)


def run(tx: ManagedTransaction, name: str, /, **params: Any) -> list[dict]:
    """Run the query file ``cypher/<name>.cypher`` in ``tx``; rows as dicts of plain Python
    values (neo4j.time dates and datetimes become ``datetime.date``/``datetime.datetime``)."""
    return [_native(record.data()) for record in tx.run(cypher.load(name), **params)]


def _native(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _native(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_native(v) for v in value]
    if isinstance(value, (Date, DateTime)):
        return value.to_native()
    return value
