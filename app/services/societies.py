"""Societies (PROs, MROs, NROs, CMOs): the list the API serves and the codes other use cases
check against. The seeded ones come from ``graph.societies`` (``rightsgraph db init``)."""
from __future__ import annotations

from neo4j import ManagedTransaction

from app.services.db import read, run
from graph.societies import SOCIETY_TYPES

__all__ = ["SOCIETY_TYPES", "list_societies", "society_codes"]


def list_societies(society_type: str | None = None, country: str | None = None) -> list[dict]:
    """``[{code, name, type, country, cisacCode}]`` ordered by code; ``society_type`` (PRO |
    MRO | NRO | CMO) and ``country`` (ISO alpha-2) filter when given."""
    return read(lambda tx: run(tx, "catalog/list_societies", type=society_type, country=country))


def society_codes(tx: ManagedTransaction) -> set[str]:
    """Every society code in the graph (seeded and any added since), in ``tx``."""
    return {row["code"] for row in run(tx, "catalog/list_societies", type=None, country=None)}
