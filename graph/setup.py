"""``rightsgraph db init``: constraints and indexes (from the neomodel schema) and seed data."""
from __future__ import annotations

import io

from neo4j import Driver
from neomodel import db

import cypher
import graph.schema  # noqa: F401  (registers the node classes whose labels install_all_labels installs)
import graph.money_schema  # noqa: F401  (ledger, rollups, alerts, payouts, holds, advances)
import graph.broadcast_schema  # noqa: F401  (the broadcast labels: stations, plays, tariffs, withdrawals)
import graph.template_schema  # noqa: F401  (statement mapping templates and their versions)
import graph.reciprocal_schema  # noqa: F401  (partners' agreements, repertoire imports, cycles, remittances)
from app.services import income_rollups
from graph.societies import society_rows
from graph.territories import territory_rows


def init_schema(driver: Driver) -> dict:
    """Install every uniqueness constraint and index of ``graph.schema`` and seed territories
    and societies; on a graph from before the period, track or recording income rollups, build
    them from the finer ones (``income_rollups.rebuild``).

    Idempotent. Returns ``{"territories": n, "societies": m}``."""
    db.set_connection(driver=driver)
    db.install_all_labels(stdout=io.StringIO())  # its per-label log is noise for a CLI
    driver.execute_query(cypher.load("schema/recording_income_rank"))  # composite: neomodel has none
    for statement in _statements("schema/drop_unread_rollup_indexes"):
        driver.execute_query(statement)
    # A graph from before the period, track or recording rollup levels: build them once.
    income_rollups.rebuild(driver, only_missing=True)
    records, _, _ = driver.execute_query(cypher.load("schema/seed_territories"), territories=territory_rows())
    return {"territories": records[0]["written"], "societies": seed_societies(driver)}


def _statements(name: str) -> list[str]:
    """The statements of a schema file of several (``;``-separated; comment lines dropped)."""
    text = "\n".join(line for line in cypher.load(name).splitlines() if not line.startswith("//"))
    return [s.strip() for s in text.split(";") if s.strip()]


def seed_societies(driver: Driver) -> int:
    """Create or update the seeded societies (``graph.societies``); returns how many. Idempotent."""
    records, _, _ = driver.execute_query(cypher.load("schema/seed_societies"), societies=society_rows())
    # a society's type or country decides where works are expected to be registered
    driver.execute_query(cypher.load("registrations/gap_invalidate_all"))
    return records[0]["written"]

