"""Territory codes: ISO 3166-1 countries, WORLD and the CISAC TIS country groups, with their TIS
numeric codes and PART_OF structure. Pure data, no database: the one source of the territory
codes the importers, the API and the graph seed (``graph.territories``) accept.

Codes (the Territory node's ``code``, and what an OWNS/COLLECTS edge's ``territories`` and
``excluded`` lists hold):

* a country: its ISO 3166-1 alpha-2 code (``GH``), from pycountry;
* the world: ``WORLD`` (TIS-N 2136, TIS-A ``2WL``);
* a TIS country group: its TIS-A code, CISAC's own alphanumeric code for the group (``2AF``
  Africa, ``2EN`` European Union, ``2EU`` Europe, ``2CO`` Commonwealth…). They cannot clash with
  an alpha-2 code, and a CWR file's TIS-N (numeric) code maps to exactly one of them.

``tis_code`` is the TIS-N numeric code CWR files carry (SPT/SWT/TER records, CWR 2.1 "TIS
Numeric Code" lookup; the CISAC lookup table itself only points at the TIS web site). ISO 3166-1
entries that TIS does not list separately (dependencies such as GI, GP or VI, which TIS reports
under their sovereign state's code) have none and are PART_OF WORLD only.

Source of the TIS codes, names and hierarchy: the CISAC TIS tables (``list.csv``: territories;
``tree.csv``: each group's members, with the dates they belong) as shipped by the
``music-metadata-territories`` package (MIT, PyPI). The structure is the one in force on the day
the module is loaded: historical territories (USSR, Yugoslavia…) and ended memberships (the
United Kingdom in the EU until 2020-01-31) are left out.
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

WORLD = "WORLD"
WORLD_TIS = 2136
_TIS_DATA = "music_metadata.territories"
_GROUP_TYPES = frozenset({"GLG", "WLG", "PLG"})  # geographical, economical, political country-group
_LOWER_WORDS = frozenset({"of", "and", "the"})


@dataclass(frozen=True)
class TerritoryDef:
    """One territory: ``code`` (alpha-2, ``WORLD`` or TIS-A), ``kind`` country | world |
    region, ``tis_code`` (TIS-N or None), ``part_of`` (codes of the territories directly above)."""

    code: str
    name: str
    kind: str
    tis_code: int | None
    part_of: tuple[str, ...]


def _date(text: str) -> dt.date:
    day, month, year = (int(x) for x in text.split("."))
    return dt.date(year, month, day)


def _in_force(frm: str, until: str, on: dt.date) -> bool:
    """A TIS validity window (dd.mm.yyyy, both inclusive; blank = open) contains ``on``."""
    return (not frm or _date(frm) <= on) and (not until or on <= _date(until))


def _rows(name: str) -> list[dict]:
    with resources.files(_TIS_DATA).joinpath(name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _group_name(tis_name: str) -> str:
    """``COMMONWEALTH OF INDEPENDENT STATES`` → ``Commonwealth of Independent States``."""
    words = tis_name.lower().split()
    return " ".join(w if i and w in _LOWER_WORDS else w.capitalize() for i, w in enumerate(words))


def _parents(code_of: dict[str, str], on: dt.date) -> dict[str, set[str]]:
    """Direct parents per code from ``tree.csv``: each group's section lists its members
    indented by ``Level``, so a row's parent is the nearest row above it one level up. Rows
    not in force on ``on`` give no edge, and neither do their own members."""
    parents: dict[str, set[str]] = {}
    stack: list[tuple[int, str | None]] = []  # (level, code; None when not in force)
    for row in _rows("tree.csv"):
        level = int(row["Level"])
        while stack and stack[-1][0] >= level:
            stack.pop()
        code = code_of.get(row["TIS-N"])
        in_force = (code is not None and _in_force(row["Exists from"], row["Exists until"], on)
                    and _in_force(row["Belongs to from"], row["Belongs to until"], on))
        parent = stack[-1][1] if stack else None
        if in_force and parent is not None:
            parents.setdefault(code, set()).add(parent)
        stack.append((level, code if in_force else None))
    return parents


@cache
def territories(on: dt.date | None = None) -> tuple[TerritoryDef, ...]:
    """Every territory in force on ``on`` (default today): WORLD, the TIS groups (sorted by
    code), then the ISO 3166-1 countries (sorted by code)."""
    on = on or dt.date.today()
    current = [r for r in _rows("list.csv")
               if _in_force(r["Exists from"], r["Exists until"], on) and _in_force(r["Name from"], r["Name until"], on)]
    groups = {r["TIS-N"]: r for r in current if r["Type"] in _GROUP_TYPES}
    countries = {r["TIS-A"]: r for r in current if r["Type"] == "LND"}
    code_of = {n: (WORLD if int(n) == WORLD_TIS else r["TIS-A"]) for n, r in groups.items()}
    code_of.update({r["TIS-N"]: alpha2 for alpha2, r in countries.items()})
    parents = _parents(code_of, on)

    def part_of(code: str) -> tuple[str, ...]:
        return tuple(sorted(parents.get(code) or {WORLD}))

    world = TerritoryDef(WORLD, "World", "world", WORLD_TIS, ())
    regions = sorted((TerritoryDef(code_of[n], _group_name(r["Name"]), "region", int(n), part_of(code_of[n]))
                      for n, r in groups.items() if code_of[n] != WORLD), key=lambda t: t.code)
    isos = [TerritoryDef(c.alpha_2, c.name, "country",
                         int(countries[c.alpha_2]["TIS-N"]) if c.alpha_2 in countries else None, part_of(c.alpha_2))
            for c in sorted(pycountry.countries, key=lambda c: c.alpha_2)]
    return (world, *regions, *isos)


def code_for_tis(tis_code: int | str) -> str | None:
    """The territory code for a TIS-N code as a CWR file writes it (``"0288"`` or 288 → ``GH``,
    2136 → ``WORLD``, 2123 → ``2EN``); None for a code not in force."""
    return _CODE_BY_TIS.get(int(tis_code))


_CODE_BY_TIS = {t.tis_code: t.code for t in territories() if t.tis_code is not None}
COUNTRY_CODES = frozenset(t.code for t in territories() if t.kind == "country")
REGION_CODES = frozenset(t.code for t in territories() if t.kind == "region")
# What an ownership or collection edge may list in ``territories`` / ``excluded``.
SCOPE_CODES = COUNTRY_CODES | REGION_CODES | {WORLD}
