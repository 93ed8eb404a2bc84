"""Test settings: every test that touches the graph uses the project's own local Neo4j instance
``test`` (ports 7688/7475, separate from the demo's data; ``RIGHTSGRAPH_TEST_INSTANCE`` with
``RIGHTSGRAPH_BOLT_PORT``/``RIGHTSGRAPH_HTTP_PORT`` pick another, for parallel runs) and a
private data directory."""
from __future__ import annotations

import os
import tempfile

os.environ["RIGHTSGRAPH_INSTANCE"] = os.environ.get("RIGHTSGRAPH_TEST_INSTANCE", "test")
os.environ.setdefault("RIGHTSGRAPH_DATA_DIR", tempfile.mkdtemp(prefix="rightsgraph-test-data-"))
os.environ.pop("NEO4J_URI", None)
os.environ.pop("CELERY_BROKER_URL", None)

import pytest  # noqa: E402

from app.services.db import driver, settings  # noqa: E402


@pytest.fixture(scope="session")
def neo4j_driver():
    """The real test Neo4j (started here if `make test` has not already), schema installed."""
    from graph.setup import init_schema

    settings().local_server().start()
    drv = driver()
    init_schema(drv)
    return drv


@pytest.fixture
def graph(neo4j_driver):
    """An empty graph (territories, constraints and indexes kept; the seeded societies written
    afresh, as ``rightsgraph db init`` leaves them) for one test."""
    from graph.setup import seed_societies

    with neo4j_driver.session() as session:
        session.run("MATCH (n) WHERE NOT n:Territory CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    seed_societies(neo4j_driver)
    return neo4j_driver
