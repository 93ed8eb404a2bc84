"""The record a play-log parser yields, and the cell readers the play-log layouts share."""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from importers.identifiers import is_valid_iswc, normalize_iswc
from importers.statements.common import Row, parse_decimal

_CLOCK = re.compile(r"([0-9]{1,3}):([0-5][0-9]):([0-5][0-9])")


@dataclass(frozen=True)
class PlayRecord:
    """One detected play, as the monitoring export reported it (no database, no clock).

    ``line`` is the file's 1-based physical line (the header is line 1) or, in a JSON file,
    the play's 1-based position; ``station`` the station as the file names it (a stationId, a
    stream id or a name; None when the file names none: the importer is told which);
    ``played_at`` is aware (UTC) when the file fixes the instant, naive when it gives the
    station's local clock time; ``duration_seconds`` may be negative or None (the service
    rejects negatives); ``confidence`` the detection confidence 0–1 as written (None: not
    reported); ``play_id`` the monitoring system's id of the play (None: the file has none);
    ``isrc`` and ``iswc`` normalized (None: not reported); ``extra`` the layout's other
    non-empty fields as strings.
    """

    line: int
    station: str | None
    played_at: datetime.datetime
    title: str
    artist: str
    isrc: str | None = None
    duration_seconds: int | None = None
    confidence: Decimal | None = None
    usage_type: str | None = None
    fingerprint: str | None = None
    play_id: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict, hash=False)
    iswc: str | None = None


def clock_seconds(text: str) -> int | None:
    """Seconds of a 'H:MM:SS' (or 'HH:MM:SS', hours up to 999) duration or clock time, else None."""
    match = _CLOCK.fullmatch(text.strip())
    if not match:
        return None
    hours, minutes, seconds = (int(g) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds


def duration(row: Row, name: str) -> int | None:
    """The duration in column ``name``: whole seconds ('178', '-5') or 'H:MM:SS'; None when
    empty; None and an issue when unreadable."""
    text = row.get(name)
    if not text:
        return None
    if re.fullmatch(r"[+-]?[0-9]+", text):
        return int(text)
    seconds = clock_seconds(text)
    if seconds is None:
        row.fail(name, f"{name} is not a duration in seconds or H:MM:SS")
    return seconds


def iswc(row: Row, name: str) -> str | None:
    """The ISWC in column ``name`` in its display form T-DDD.DDD.DDD-C; None when empty; None
    and an issue when it has not the ISWC shape or its check digit is wrong (ISO 15707)."""
    text = row.get(name)
    if not text:
        return None
    if not is_valid_iswc(text):
        row.fail(name, f"{name} is not a valid ISWC like T-034.524.680-1")
        return None
    return normalize_iswc(text)


def confidence(row: Row, name: str) -> Decimal | None:
    """The detection confidence in column ``name`` (0–1, exact); None when empty; None and an
    issue when it is not a number in [0, 1]."""
    text = row.get(name)
    if not text:
        return None
    value = parse_decimal(text)
    if value is None or not 0 <= value <= 1:
        row.fail(name, f"{name} is not a number between 0 and 1")
        return None
    return value
