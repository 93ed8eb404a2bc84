"""Play-log intake rules (issue 6 "Bad input"): which parsed plays are accepted, which are
rejected and why. Pure: no database, no clock (``now`` is given), so the rules are tested on
their own and shared by file imports and the API.

A play is rejected, with a line-numbered reason, when:

* its station is unknown (the row names no station id, stream id or station name we know, or
  names none and the import was given none);
* it is in the future (``playedAt`` after ``now``);
* its duration is negative;
* its usage type is not one of ``USAGE_TYPES``;
* its play id repeats one already seen in the same stream (``duplicate playId``);
* it is a *repeat detection*: the same track (ISRC, else title + artist, case-folded) on the
  same station starting before the previous detection of it ended (the Triple J log re-logs a
  track 1–6 s after the first entry). A later replay of the track is a new play.

Accepted plays get their station, an aware UTC ``playedAt`` (a naive time is the station's
local clock), the station-local ``localDate``, and their ``sourceKey``: the station plus the
monitoring system's play id, or a digest of time, ISRC, title and artist — so the same play
reported again (the same file re-processed, an overlapping export) is the same key.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from graph.broadcast_schema import USAGE_TYPES
from importers.playlogs.records import PlayRecord
from importers.records import ParseIssue

DEFAULT_USAGE = "featured"
#: A repeat of a track whose previous detection has no duration counts within this many seconds.
REPEAT_WINDOW_SECONDS = 60


@dataclass
class StationDirectory:
    """Stations by every name a play log may use for them: stationId, stream ids, and the
    case-folded station name (a name two stations share resolves to neither)."""

    stations: dict[str, dict]
    by_ref: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: Iterable[dict]) -> "StationDirectory":
        """From station rows (``stations.directory()`` or full Station properties)."""
        stations = {r["stationId"]: r for r in rows}
        names: dict[str, set[str]] = {}
        for r in stations.values():
            names.setdefault(r["name"].casefold(), set()).add(r["stationId"])
        by_ref = {name: ids.pop() for name, ids in names.items() if len(ids) == 1}
        for r in stations.values():
            by_ref.update({s: r["stationId"] for s in r.get("streamIds") or []})
            by_ref[r["stationId"]] = r["stationId"]
        return cls(stations, by_ref)

    def resolve(self, ref: str) -> dict | None:
        """The station a reference names, or None."""
        station_id = self.by_ref.get(ref) or self.by_ref.get(ref.casefold())
        return self.stations.get(station_id) if station_id else None


def source_key(station_id: str, record: PlayRecord, played_at: dt.datetime) -> str:
    """``<stationId>|id:<playId>`` when the monitoring system gave one, else
    ``<stationId>|<sha1 of UTC time, ISRC, title, artist>`` (first 20 hex digits)."""
    if record.play_id:
        return f"{station_id}|id:{record.play_id}"
    digest = hashlib.sha1("\x1f".join([played_at.isoformat(), record.isrc or "", record.title,
                                       record.artist]).encode("utf-8")).hexdigest()[:20]
    return f"{station_id}|{digest}"


class Intake:
    """Apply the rules to a stream of parsed plays. ``directory`` the known stations;
    ``station`` the station given for the whole import (its rows may then name none or a
    placeholder: the given station wins); ``now`` aware UTC. Keeps what it has seen (play ids,
    the last detection of each track per station) across calls, so one Intake serves one import."""

    def __init__(self, directory: StationDirectory, station: dict | None, now: dt.datetime):
        self.directory, self.station, self.now = directory, station, now
        self.play_ids: dict[tuple[str, str], int] = {}
        self.last_seen: dict[tuple[str, str], tuple[dt.datetime, int | None, int]] = {}

    def check(self, items: Iterable[PlayRecord | ParseIssue]) -> Iterator[dict | ParseIssue]:
        """Each item's outcome in order: a ParseIssue (the parser's, or a rejection) or the
        accepted play ``{sourceKey, stationId, line, playedAt, localDate, title, artist, isrc, iswc,
        durationSeconds, detectionConfidence (float|None), usageType, fingerprint, externalId,
        extra (JSON)}``."""
        for item in items:
            yield item if isinstance(item, ParseIssue) else self._one(item)

    def _one(self, record: PlayRecord) -> dict | ParseIssue:
        def reject(name: str | None, message: str, raw: str | None = None) -> ParseIssue:
            return ParseIssue(record.line, name, message, raw)

        station = self.station or (self.directory.resolve(record.station) if record.station else None)
        if station is None:
            return reject("station", f"unknown station {record.station!r}: no station has this id, stream id or name"
                          if record.station else "the play names no station and none was given for the import",
                          record.station)
        zone = ZoneInfo(station["timezone"])
        played_at = (record.played_at.replace(tzinfo=zone) if record.played_at.tzinfo is None
                     else record.played_at).astimezone(dt.timezone.utc)
        if played_at > self.now:
            return reject("playedAt", f"playedAt {played_at.isoformat()} is in the future", played_at.isoformat())
        if record.duration_seconds is not None and record.duration_seconds < 0:
            return reject("durationSeconds", "durationSeconds is negative", str(record.duration_seconds))
        usage = record.usage_type or DEFAULT_USAGE
        if usage not in USAGE_TYPES:
            return reject("usageType", f"usageType {usage!r} is not one of {', '.join(USAGE_TYPES)}", usage)
        sid = station["stationId"]
        if record.play_id:
            first = self.play_ids.setdefault((sid, record.play_id), record.line)
            if first != record.line:
                return reject("playId", f"duplicate playId {record.play_id} (first on line {first})", record.play_id)
        repeat = self._repeat(sid, record, played_at)
        if repeat is not None:
            return reject(None, repeat)
        return {"sourceKey": source_key(sid, record, played_at), "stationId": sid, "line": record.line,
                "playedAt": played_at, "localDate": played_at.astimezone(zone).date(), "title": record.title,
                "artist": record.artist, "isrc": record.isrc, "iswc": record.iswc,
                "durationSeconds": record.duration_seconds,
                "detectionConfidence": None if record.confidence is None else float(record.confidence),
                "usageType": usage, "fingerprint": record.fingerprint, "externalId": record.play_id,
                "extra": json.dumps(dict(record.extra), ensure_ascii=False, sort_keys=True) if record.extra else None}

    def _repeat(self, station_id: str, record: PlayRecord, played_at: dt.datetime) -> str | None:
        """Why the play repeats the previous detection of its track on the station, or None
        (and it becomes the track's latest detection)."""
        track = record.isrc or f"{record.title.casefold()}\x1f{record.artist.casefold()}"
        if not (record.isrc or record.title):
            return None  # a failed detection names no track: never a repeat
        key = (station_id, track)
        previous = self.last_seen.get(key)
        if previous is not None:
            start, seconds, line = previous
            gap = (played_at - start).total_seconds()
            if 0 <= gap < (seconds if seconds is not None else REPEAT_WINDOW_SECONDS):
                return (f"repeat detection of the play on line {line}: the same track {gap:.0f}s after it "
                        f"started, within its {seconds if seconds is not None else REPEAT_WINDOW_SECONDS}s")
        self.last_seen[key] = (played_at, record.duration_seconds, record.line)
        return None


def is_duplicate(issue: ParseIssue) -> bool:
    """True for a rejection that reports a play already seen (a duplicate play id, a repeat
    detection, or a play another import brought in first)."""
    return issue.message.startswith(("duplicate", "repeat detection"))
