"""Society seed data: the collecting societies Rightsgraph deals with first.

Each society is a ``(:Society {code})`` node (DESIGN.md "The graph") with:

* ``type``: ``PRO`` (performing rights of musical works), ``MRO`` (mechanical rights of musical
  works), ``NRO`` (neighbouring rights: sound recordings and their performers), or ``CMO`` (a
  collective management organisation administering several of those rights, as Ghana's
  GHAMRO and Nigeria's COSON do);
* ``country``: ISO 3166-1 alpha-2 code of the territory it operates in;
* ``cisacCode``: the 3-digit CISAC society code CWR files carry (CISAC "CWR 2.x Lookup Table"
  CWR08-3615R1, 2021-09-16, table "Society Code"), or None for a society that table does not
  list (US MROs and NROs, the newer African CMOs, GMR).

``code`` is also the identifier scheme of the society's member ids (``Identifier {scheme:
'BMI'}``, ``MEMBER_OF {memberId}``).
"""
from __future__ import annotations

from typing import NamedTuple

SOCIETY_TYPES = ("PRO", "MRO", "NRO", "CMO")


class SocietySeed(NamedTuple):
    """One seeded society (see the module docstring for the fields)."""

    code: str
    name: str
    type: str
    country: str
    cisacCode: str | None


SOCIETIES = (
    SocietySeed("ASCAP", "American Society of Composers, Authors and Publishers", "PRO", "US", "010"),
    SocietySeed("BMI", "Broadcast Music, Inc.", "PRO", "US", "021"),
    SocietySeed("SESAC", "SESAC", "PRO", "US", "071"),
    SocietySeed("GMR", "Global Music Rights", "PRO", "US", None),
    SocietySeed("MLC", "The Mechanical Licensing Collective", "MRO", "US", None),
    SocietySeed("HFA", "Harry Fox Agency", "MRO", "US", "034"),
    SocietySeed("SX", "SoundExchange", "NRO", "US", None),
    SocietySeed("PRS", "PRS for Music", "PRO", "GB", "052"),
    SocietySeed("PPL", "Phonographic Performance Limited", "NRO", "GB", None),
    SocietySeed("SACEM", "Société des auteurs, compositeurs et éditeurs de musique", "PRO", "FR", "058"),
    SocietySeed("GEMA", "Gesellschaft für musikalische Aufführungs- und mechanische Vervielfältigungsrechte",
                "PRO", "DE", "035"),
    SocietySeed("SOCAN", "Society of Composers, Authors and Music Publishers of Canada", "PRO", "CA", "101"),
    SocietySeed("APRA", "Australasian Performing Right Association", "PRO", "AU", "008"),
    SocietySeed("JASRAC", "Japanese Society for Rights of Authors, Composers and Publishers", "PRO", "JP", "038"),
    SocietySeed("GHAMRO", "Ghana Music Rights Organisation", "CMO", "GH", None),
    SocietySeed("COSON", "Copyright Society of Nigeria", "CMO", "NG", None),
    SocietySeed("SAMRO", "Southern African Music Rights Organisation", "PRO", "ZA", "063"),
)


def society_rows() -> list[dict]:
    """Rows for ``cypher/schema/seed_societies.cypher``: ``{code, name, type, country, cisacCode}``."""
    return [s._asdict() for s in SOCIETIES]
