"""Cypher queries, one ``.cypher`` file per query, grouped by purpose.

Each file opens with a comment header (what it answers, parameters, what it returns) so an
analyst can paste it into Neo4j Browser unchanged.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

ROOT = Path(__file__).parent


@cache
def load(name: str) -> str:
    """Text of ``cypher/<name>.cypher`` (e.g. ``load("rights/owners_at")``).

    Raises FileNotFoundError for an unknown name."""
    return (ROOT / f"{name}.cypher").read_text(encoding="utf-8")
