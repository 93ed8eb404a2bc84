"""One Neo4j driver per process, shared by our Cypher and by neomodel."""
from __future__ import annotations

import threading

from neo4j import Driver, GraphDatabase
from neomodel import db

_lock = threading.Lock()
_drivers: dict[tuple[str, str], Driver] = {}


def get_driver(uri: str, user: str, password: str) -> Driver:
    """Return the process-wide driver for ``uri`` (created on first use) and point neomodel at it."""
    key = (uri, user)
    with _lock:
        driver = _drivers.get(key)
        if driver is None:
            # server notifications ("relationship type does not exist" on a young graph) are noise
            # for a service: every query is reviewed, and they would flood the logs
            driver = GraphDatabase.driver(uri, auth=(user, password), max_connection_pool_size=50,
                                          notifications_min_severity="OFF")
            _drivers[key] = driver
            db.set_connection(driver=driver)
        return driver


def close_all() -> None:
    """Close every driver (process exit, test teardown)."""
    with _lock:
        for driver in _drivers.values():
            driver.close()
        _drivers.clear()
