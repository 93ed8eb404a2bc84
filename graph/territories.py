"""Territory seed data: ISO 3166-1 countries (pycountry), WORLD, and DistroKid's ``OU``.

``OU`` ("outside US", used by DistroKid's ``Country of Sale``) is modelled as a territory that
is PART_OF WORLD and of no country, so a line reported as OU matches world-wide edges and never
a country-specific one.
"""
from __future__ import annotations

import pycountry

WORLD = "WORLD"
OUTSIDE_US = "OU"


def territory_rows() -> list[dict]:
    """Rows for ``cypher/schema/seed_territories.cypher``: ``{code, name, kind, partOf}``,
    parents listed before children."""
    rows = [{"code": WORLD, "name": "World", "kind": "world", "partOf": []},
            {"code": OUTSIDE_US, "name": "Outside the US (DistroKid)", "kind": "region", "partOf": [WORLD]}]
    rows += [{"code": c.alpha_2, "name": c.name, "kind": "country", "partOf": [WORLD]}
             for c in sorted(pycountry.countries, key=lambda c: c.alpha_2)]
    return rows


def known_codes() -> frozenset[str]:
    """Every territory code the seed creates."""
    return frozenset(r["code"] for r in territory_rows())
