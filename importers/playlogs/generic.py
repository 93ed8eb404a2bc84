"""The generic play-log format (docs/playlog-format.md): a CSV with a header, or a JSON
document ``{"format": "rightsgraph-playlog/1", "plays": [{…}]}``, with the same fields:

playedAt (required: ISO 8601; with an offset or Z it is an instant, without one the station's
local time), title, artist, station (stationId, stream id or name; may be left to the
importer), playId (the monitoring system's id; duplicates are rejected), isrc, iswc (optional:
the work's ISWC, used to attribute a play to a partner's repertoire — issue 7),
durationSeconds (whole seconds or H:MM:SS), confidence (0–1), usageType, fingerprint, album,
label. A JSON play's values are read as their text, so both forms share one row builder and
one set of messages; a JSON play's ``line`` is its 1-based position in ``plays``.
"""

import datetime
import json
from collections.abc import Iterator

from importers.playlogs.records import PlayRecord, confidence, duration, iswc
from importers.records import FormatError, ParseIssue
from importers.statements.common import Row
from importers.statements.rows import parse_table, sniff_table

WHAT = "rightsgraph play log"
FORMAT = "rightsgraph-playlog/1"
REQUIRED = ("playedAt", "title", "artist")
FIELDS = ("playedAt", "title", "artist", "station", "playId", "isrc", "durationSeconds", "confidence", "usageType",
          "fingerprint", "album", "label", "iswc")
_COLUMNS = {name: i for i, name in enumerate(FIELDS)}


def played_at(text: str) -> datetime.datetime | None:
    """An ISO 8601 date-time: aware and converted to UTC when it has an offset ('Z' allowed),
    naive (station-local) when not; None when unreadable."""
    try:
        value = datetime.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value.astimezone(datetime.timezone.utc) if value.tzinfo else value


def _build(row: Row) -> PlayRecord | None:
    when = played_at(row.get("playedAt"))
    if when is None:
        row.fail("playedAt", "playedAt is not an ISO 8601 date-time like 2024-07-01T08:30:00Z")
    seconds = duration(row, "durationSeconds")
    detected = confidence(row, "confidence")
    isrc = row.isrc("isrc")
    work_code = iswc(row, "iswc")
    if row.issues:
        return None
    return PlayRecord(line=row.line, station=row.get("station") or None, played_at=when, title=row.get("title"),
                      artist=row.get("artist"), isrc=isrc, duration_seconds=seconds, confidence=detected,
                      usage_type=row.get("usageType") or None, fingerprint=row.get("fingerprint") or None,
                      play_id=row.get("playId") or None, extra=row.extra({"album": "album", "label": "label"}),
                      iswc=work_code)


def parse_generic_csv(path) -> Iterator[PlayRecord | ParseIssue]:
    """Stream the plays of a generic CSV play log. Raises FormatError on the first iteration
    when the header lacks playedAt, title or artist; OSError if unreadable."""
    return parse_table(path, WHAT, ",", REQUIRED, _build)


def sniff_generic_csv(path) -> bool:
    """True if the file's header has the generic CSV's required columns."""
    return sniff_table(path, ",", REQUIRED)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value)  # not a scalar: its text fails the field's check
    return str(value)


def plays_from_objects(plays: list) -> Iterator[PlayRecord | ParseIssue]:
    """Records (or issues) of play objects with the generic fields (unknown keys are an issue:
    a misspelt field must not be silently dropped); ``line`` = 1-based position."""
    for index, play in enumerate(plays, start=1):
        if not isinstance(play, dict):
            yield ParseIssue(index, None, "a play is a JSON object", json.dumps(play)[:200])
            continue
        unknown = sorted(set(play) - set(FIELDS))
        if unknown:
            yield ParseIssue(index, None, f"unknown field(s) {', '.join(unknown)}; known: {', '.join(FIELDS)}",
                             json.dumps(play, default=str)[:500])
            continue
        row = Row(index, [_cell(play.get(name)) for name in FIELDS], _COLUMNS, json.dumps(play, default=str))
        missing = [name for name in REQUIRED if name not in play]
        for name in missing:
            row.fail(name, f"{name} is missing")
        record = _build(row)
        yield from row.issues or [record]


def parse_generic_json(path) -> Iterator[PlayRecord | ParseIssue]:
    """The plays of a generic JSON play log (read whole: JSON exports are small; large logs
    use the CSV form). Raises FormatError on the first iteration when the document is not a
    ``rightsgraph-playlog/1`` document; OSError if unreadable."""
    with open(path, "rb") as handle:
        try:
            doc = json.loads(handle.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FormatError(f"not a {WHAT} JSON document: {exc}", ["format"]) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("plays"), list):
        raise FormatError(f"not a {WHAT} JSON document: expected {{\"format\": \"{FORMAT}\", \"plays\": [...]}}",
                          ["format", "plays"])
    yield from plays_from_objects(doc["plays"])


def sniff_generic_json(path) -> bool:
    """True if the file is a ``rightsgraph-playlog/1`` JSON document (reads its head only)."""
    with open(path, "rb") as handle:
        head = handle.read(4096).decode("utf-8-sig", errors="replace").lstrip()
    return head.startswith("{") and f'"{FORMAT}"' in head.replace(" ", "")
