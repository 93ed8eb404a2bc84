"""Territory seed data: the territories of ``importers.territory_codes`` (ISO 3166-1 countries,
WORLD, the CISAC TIS country groups, PART_OF as TIS structures them) plus DistroKid's ``OU``.

``OU`` ("outside US", used by DistroKid's ``Country of Sale``) is modelled as a territory that
is PART_OF WORLD and of no country or group, so a line reported as OU matches world-wide edges
and never a country- or region-specific one. It is a reporting code, not a scope: edges cannot
list it (it is not in ``territory_codes.SCOPE_CODES``).
"""
from __future__ import annotations

from importers.territory_codes import WORLD, territories

OUTSIDE_US = "OU"


def territory_rows() -> list[dict]:
    """Rows for ``cypher/schema/seed_territories.cypher``: ``{code, name, kind, tisCode (int or
    null), partOf: [code]}``."""
    rows = [{"code": t.code, "name": t.name, "kind": t.kind, "tisCode": t.tis_code, "partOf": list(t.part_of)}
            for t in territories()]
    rows.append({"code": OUTSIDE_US, "name": "Outside the US (DistroKid)", "kind": "region", "tisCode": None,
                 "partOf": [WORLD]})
    return rows


def known_codes() -> frozenset[str]:
    """Every territory code the seed creates."""
    return frozenset(r["code"] for r in territory_rows())
