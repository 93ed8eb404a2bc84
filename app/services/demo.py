"""The main job, end to end: ``rightsgraph demo``.

Starts the local Neo4j if the project manages it, installs the schema, loads the generated
demo catalog, ingests a generated DistroKid statement, allocates it, and reports what happened
to every micro-unit. Idempotent: a second run finds the same catalog and statement (same
bytes, same sha256) and reports the same figures.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from app.services import money_hub, statements, users
from app.services.catalog_import import import_catalog
from app.services.db import driver, read, run, settings
from app.services.demo_data import generate_catalog, write_catalog, write_distrokid_statement
from graph.setup import init_schema

DEMO_RECORDINGS = 12
DEMO_LINES = 2_000
DEMO_ADMIN = ("admin", "rightsgraph-admin")
DEMO_ARTIST_REF = "p-artist-1"


@dataclass
class DemoResult:
    """What the demo did: the statement's final properties, its allocation per account
    (``[{accountId, kind, participantId, name, allocated, balance}]``, micro-units), and the
    Money Hub payload of the demo's first artist."""

    catalog_new: bool
    statement: dict
    allocation: list[dict]
    hub: dict


def run_demo(progress: Callable[[int], None] | None = None, lines: int = DEMO_LINES) -> DemoResult:
    """Run the main job on the configured graph. Raises graph.server.local.ServerError when the
    local Neo4j cannot start, and whatever ingestion raises (nothing is half-written)."""
    cfg = settings()
    if cfg.neo4j_uri is None:
        cfg.local_server().start()
    init_schema(driver())
    folder = cfg.data_dir / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    catalog = generate_catalog(DEMO_RECORDINGS)
    catalog_path, statement_path = folder / "demo-catalog.json", folder / "distrokid-demo.tsv"
    write_catalog(catalog_path, catalog)
    write_distrokid_statement(statement_path, catalog, lines)

    imported = import_catalog(catalog_path, actor="demo")
    users.create_user(*DEMO_ADMIN, role="admin", actor="demo")
    statement, _ = statements.register(statement_path, statement_path.name, "distrokid", actor="demo")
    statement = statements.process(statement["statementId"], progress=progress, actor="demo")
    allocation = read(lambda tx: run(tx, "allocation/statement_by_account", statementId=statement["statementId"]))
    artist = read(lambda tx: run(tx, "rights/participant_by_ref", ref=DEMO_ARTIST_REF))[0]["participantId"]
    return DemoResult(imported.new, statement, allocation, money_hub.hub(artist))
