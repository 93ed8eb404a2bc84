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
from graph.societies import society_rows
from graph.territories import territory_rows


def init_schema(driver: Driver) -> dict:
    """Install every uniqueness constraint and index of ``graph.schema`` and seed territories
    and societies.

    Idempotent. Returns ``{"territories": n, "societies": m}``."""
    db.set_connection(driver=driver)
    db.install_all_labels(stdout=io.StringIO())  # its per-label log is noise for a CLI
    records, _, _ = driver.execute_query(cypher.load("schema/seed_territories"), territories=territory_rows())
    return {"territories": records[0]["written"], "societies": seed_societies(driver)}


def seed_societies(driver: Driver) -> int:
    """Create or update the seeded societies (``graph.societies``); returns how many. Idempotent."""
    records, _, _ = driver.execute_query(cypher.load("schema/seed_societies"), societies=society_rows())
    return records[0]["written"]

