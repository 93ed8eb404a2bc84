"""Triple J (ABC, Australia) "now playing" playout log (PROVENANCE.md, playlogs/).

Columns: timestamp (unix seconds: the instant, used as is), date (D/MM/YYYY) and time (the
local clock, redundant with the timestamp), trackname, artist, album, duration (H:MM:SS),
seconds, program, day. Quirks handled: CR-only line ends and empty albums written as a quoted
CR (the shared delimited reader reads records, not lines); ``{Ft. …}`` and ``{Single}``
annotations in titles are cut from the title (kept in ``extra``: matching compares the bare
title); ``day`` is ignored (it sometimes disagrees with the date and is derivable). The log
names no station (it is always Triple J) and carries no ISRC, play id or confidence.
"""

import datetime
import re
from collections.abc import Iterator

from importers.playlogs.records import PlayRecord, duration
from importers.records import ParseIssue
from importers.statements.common import Row
from importers.statements.rows import parse_table, sniff_table

WHAT = "Triple J play log"
REQUIRED = ("timestamp", "trackname", "artist", "seconds", "duration")
_ANNOTATION = re.compile(r"\s*\{([^}]*)\}")
_FEATURING = re.compile(r"^(?:ft\.?|feat\.?|featuring)\s+(.*)$", re.I)


def split_annotations(title: str) -> tuple[str, list[str]]:
    """(bare title, the ``{…}`` annotations in order): ``"I Love It {Ft. Sia}"`` →
    ``("I Love It", ["Ft. Sia"])``."""
    notes = [n.strip() for n in _ANNOTATION.findall(title)]
    return _ANNOTATION.sub("", title).strip(), notes


def _build(row: Row) -> PlayRecord | None:
    stamp = row.integer("timestamp")
    seconds = duration(row, "seconds")
    if seconds is None and not row.issues:
        seconds = duration(row, "duration")
    title, notes = split_annotations(row.get("trackname"))
    featuring = [m.group(1) for n in notes if (m := _FEATURING.match(n))]
    extra = row.extra({"album": "album", "program": "program", "date": "localDate", "time": "localTime"},
                      featuring=", ".join(featuring),
                      annotations="; ".join(n for n in notes if not _FEATURING.match(n)))
    played_at = None if stamp is None else _instant(stamp)
    if stamp is not None and played_at is None:
        row.fail("timestamp", "timestamp is out of range")
    if row.issues:
        return None
    return PlayRecord(line=row.line, station=None, played_at=played_at, title=title, artist=row.get("artist"),
                      duration_seconds=seconds, extra=extra)


def _instant(stamp: int) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc)
    except (OverflowError, OSError, ValueError):
        return None


def parse_triplej(path) -> Iterator[PlayRecord | ParseIssue]:
    """Stream the plays of a Triple J log (records, and line-numbered ParseIssues for rows with
    an unreadable timestamp or duration). Raises FormatError on the first iteration for a file
    of another layout; OSError if unreadable."""
    return parse_table(path, WHAT, ",", REQUIRED, _build)


def sniff_triplej(path) -> bool:
    """True if the file's header is a Triple J log's."""
    return sniff_table(path, ",", REQUIRED)
