"""The CSV baseline report: one row per play a cycle counted for a partner.

Columns (header row first, RFC 4180 quoting, CRLF line ends): ``station`` (name),
``played_at`` (ISO 8601 UTC, ``2025-01-05T08:30:00Z``), ``isrc``, ``iswc``, ``title``,
``artist``, ``duration_seconds``, ``gross``, ``fee``, ``net`` (exact decimals with six places,
from the play's IN_CYCLE micro-units), ``currency``, ``confidence`` (the attribution's),
``station_id``, ``line_item_id``, ``work_id``, ``recording_id``, ``play_id``. The per-play
amounts add up to the line items' exactly (the cycle splits each line item's fee over its
plays by largest remainder), so Σ gross / fee / net of the file = the partner's line items.
"""
from __future__ import annotations

import csv
import datetime
from collections.abc import Iterable
from typing import TextIO

from app.money import from_micro

COLUMNS = ("station", "played_at", "isrc", "iswc", "title", "artist", "duration_seconds", "gross", "fee", "net",
           "currency", "confidence", "station_id", "line_item_id", "work_id", "recording_id", "play_id")
MIMETYPE = "text/csv"


def utc_timestamp(value: datetime.datetime | str | None) -> str:
    """``value`` as ISO 8601 UTC to the second with a ``Z`` (a naive datetime is taken as
    UTC, a string is passed through); '' for None."""
    if value is None or isinstance(value, str):
        return value or ""
    if value.tzinfo is not None:
        value = value.astimezone(datetime.timezone.utc)
    return value.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"


def _text(value) -> str:
    return "" if value is None else str(value)


def write_csv(plays: Iterable[dict], currency: str, out: TextIO) -> int:
    """Write the header and one row per play to ``out`` (opened with ``newline=''``); return
    the number of play rows.

    ``plays`` are app.services.cycles.cycle_plays rows: ``{playId, stationId, stationName,
    playedAt, isrc, iswc, title, artist, durationSeconds, confidence, grossMicro, feeMicro,
    netMicro, lineItemId, workId, recordingId}`` (amounts int micro-units of ``currency``).
    """
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    count = 0
    for play in plays:
        writer.writerow((
            _text(play.get("stationName")), utc_timestamp(play.get("playedAt")), _text(play.get("isrc")),
            _text(play.get("iswc")), _text(play.get("title")), _text(play.get("artist")),
            _text(play.get("durationSeconds")), from_micro(play["grossMicro"]), from_micro(play["feeMicro"]),
            from_micro(play["netMicro"]), currency, _text(play.get("confidence")), _text(play.get("stationId")),
            _text(play.get("lineItemId")), _text(play.get("workId")), _text(play.get("recordingId")),
            _text(play.get("playId")),
        ))
        count += 1
    return count
