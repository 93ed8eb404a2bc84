"""Cell readers every repertoire format shares: identifiers in the records' normal forms, and
durations in whole seconds.

Durations: DDEX ERN writes ISO 8601 (``PT3M21S``, ``PT1H2M21.5S``); spreadsheets write whole
seconds (``201``), ``M:SS`` (``3:21``) or ``H:MM:SS`` (``1:02:21``).
"""
from __future__ import annotations

import datetime
import re

import isodate

from importers.identifiers import validate
from importers.playlogs.records import clock_seconds

_MINUTES_SECONDS = re.compile(r"[0-9]{1,3}:[0-5][0-9]")
_HALF_SECOND = datetime.timedelta(microseconds=500_000)


def seconds_of(text: str) -> int | None:
    """The duration ``text`` in whole seconds (fractions rounded half up), or None when it is
    not one of the forms above or is negative. An ISO 8601 duration with years or months has
    no fixed length and is refused too."""
    text = text.strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if _MINUTES_SECONDS.fullmatch(text):
        minutes, seconds = text.split(":")
        return int(minutes) * 60 + int(seconds)
    if ":" in text:
        return clock_seconds(text)
    try:
        parsed = isodate.parse_duration(text)
    except (isodate.ISO8601Error, ValueError):
        return None
    if not isinstance(parsed, datetime.timedelta) or parsed < datetime.timedelta(0):
        return None
    return (parsed + _HALF_SECOND) // datetime.timedelta(seconds=1)


def identifier(scheme: str, value: str) -> str:
    """``value`` checked and normalized for ``scheme`` as importers/repertoire/records.py
    states (``importers.identifiers.validate``'s forms, the graph's): ISWC ``T-034.524.680-1``,
    ISRC compact upper-case, IPI name number 11 digits, UPC/EAN digits. Raises
    importers.identifiers.IdentifierError (with the failed ``rule``)."""
    return validate(scheme, value)
