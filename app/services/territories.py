"""Territories: listing them (ISO 3166-1 countries, WORLD, the CISAC TIS groups, DistroKid's OU)
and resolving a country against an edge's include/exclude lists through PART_OF*."""
from __future__ import annotations

from app.services.db import read, run


class UnknownTerritory(LookupError):
    """No Territory has this code (API → 422 on the field that named it)."""

    def __init__(self, code: str):
        super().__init__(f"unknown territory {code!r}")
        self.code = code


def list_territories(skip: int, limit: int, kind: str | None = None, part_of: str | None = None,
                     tis_code: int | None = None) -> tuple[list[dict], int]:
    """A page of territories ordered by code, and the total: ``[{code, name, kind, tisCode,
    partOf (sorted codes directly above)}]``. ``part_of`` keeps the territories inside that one
    at any depth; ``kind`` country | region | world; ``tis_code`` a TIS-N code."""
    row = read(lambda tx: run(tx, "territories/list", kind=kind, partOf=part_of, tisCode=tis_code,
                              skip=skip, limit=limit))[0]
    return [{**t, "partOf": sorted(t["partOf"])} for t in row["territories"]], row["total"]


def resolve(country: str, territories: list[str], excluded: list[str]) -> dict:
    """Does ``country`` fall under an edge listing ``territories`` minus ``excluded``?

    ``{country, territories, excluded, matches, path, includedBy, excludedBy}``: ``path`` is the
    PART_OF chain that decided (country first): up to the nearest excluded territory when one
    contains the country, else up to the nearest included one, else ``[]``. Raises
    UnknownTerritory for an unknown ``country``."""
    rows = read(lambda tx: run(tx, "territories/resolve", country=country, territories=territories, excluded=excluded))
    if not rows:
        raise UnknownTerritory(country)
    included, excluded_path = rows[0]["includedPath"], rows[0]["excludedPath"]
    return {"country": country, "territories": territories, "excluded": excluded, "matches": rows[0]["matches"],
            "path": excluded_path or included or [],
            "includedBy": included[-1] if included else None,
            "excludedBy": excluded_path[-1] if excluded_path else None}
