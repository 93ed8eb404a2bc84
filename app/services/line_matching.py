"""Attribution of statement lines to the asset whose owners are paid (DESIGN.md "The main flow",
step 2): exact identifiers first, then fuzzy title + artist. One query per step and batch.

* **Master lines** (right type master, neighbouring, or sync with an ISRC) are paid to a
  Recording: exact ISRC (``isrc``); else the line's UPC/EAN with its track number
  (``(:Release {upc})-[:CONTAINS {trackNumber}]->(:Recording)``; a UPC alone names the
  recording of a single-track release) (``upc_track``); else fuzzy title + artist
  (``app.services.matching``: ``fuzzy`` allocates, ``fuzzy_review`` leaves the money in
  suspense with the candidate for the review queue).
* **Publishing lines** (performance, mechanical, or sync with an ISWC and no ISRC: PRS, MLC,
  publisher and society DSRs, ClicknClear P rows) are paid to a Work: exact ISWC first
  (``iswc``) — it names the work itself, while a recording reaches works through
  ``RECORDING_OF``, which may lead to several or none; else a recording found as above, lifted
  to its work when it is the recording of exactly one (the method stays that of the recording
  match). A recording of no or several works keeps the line on the recording, where no
  publishing owner is found: its money goes to suspense (``no_owner``), never guessed.

Identifiers as the adapters give them: ``isrc`` normalized; ``upc`` any GTIN writing (compared
with its leading zeros added or dropped: UPC-A 12, EAN-13, zero-padded 14 digits);
``extra['iswc']`` in display form (a DSR line naming several works, 'T-…|T-…', is not matched
by ISWC); ``extra['track_number']`` when a layout or mapping template gives one. A UPC match is
refused when the line's ISRC differs from the track's: conflicting identifiers are never
auto-matched. Exact matches have confidence 1.0.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from neo4j import ManagedTransaction

from app.services.db import run
from app.services.fuzzy_pool import FuzzyPool
from app.services.matching import Query
from importers.records import StatementLine

PUBLISHING_RIGHTS = ("performance", "mechanical")
METHODS = ("isrc", "upc_track", "iswc", "fuzzy", "fuzzy_review", "none")
_GTIN_WIDTHS = (12, 13, 14)


@dataclass(frozen=True)
class LineIds:
    """What matching reads of a line: ``key`` (the line number, or an event id), its right type,
    identifiers and the title and artist as reported."""

    key: object
    right_type: str
    isrc: str | None = None
    upc: str | None = None
    track_number: int | None = None
    iswc: str | None = None
    title: str = ""
    artist: str = ""

    @classmethod
    def of(cls, line: StatementLine) -> "LineIds":
        """The identifiers of a parsed statement line, keyed by its line number."""
        track = (line.extra.get("track_number") or "").strip()
        iswcs = [i for i in (line.extra.get("iswc") or "").split("|") if i]
        return cls(line.line, line.right_type, line.isrc, line.upc or None, int(track) if track.isdigit() else None,
                   iswcs[0] if len(iswcs) == 1 else None, line.title or "", line.artist or "")

    @classmethod
    def of_event(cls, event: dict) -> "LineIds":
        """The identifiers kept on a RoyaltyEvent (its properties), keyed by ``eventId``: to
        match a line again once the catalog has grown."""
        return cls(event["eventId"], event.get("rightType") or "master", event.get("isrc"), event.get("upc"),
                   event.get("trackNumber"), event.get("iswc"), event.get("title") or "", event.get("artist") or "")

    @property
    def publishing(self) -> bool:
        """True when the line pays the owners of a Work rather than of a Recording."""
        return self.right_type in PUBLISHING_RIGHTS or (self.right_type == "sync" and not self.isrc
                                                         and self.iswc is not None)

    def event_props(self) -> dict:
        """The identifiers a RoyaltyEvent keeps (None values are not stored)."""
        return {"isrc": self.isrc, "upc": self.upc, "trackNumber": self.track_number, "iswc": self.iswc}


@dataclass(frozen=True)
class Match:
    """Where a line's money goes: ``asset_id`` (WRK-/REC-, None when unmatched or in review),
    ``recording_id`` (the recording, when one was identified: rollups and the Money Hub read
    it), ``method`` (one of METHODS), ``confidence`` (0–1; 1.0 for exact ids, None for none)
    and ``candidate_id`` (the recording a ``fuzzy_review`` line waits to be confirmed to)."""

    asset_id: str | None = None
    recording_id: str | None = None
    method: str = "none"
    confidence: float | None = None
    candidate_id: str | None = None

    def event_props(self) -> dict:
        """The match fields of a RoyaltyEvent."""
        return {"assetId": self.asset_id, "recordingId": self.recording_id, "matchMethod": self.method,
                "matchConfidence": self.confidence, "candidateRecordingId": self.candidate_id}


NO_MATCH = Match()


def match_lines(tx: ManagedTransaction, lines: Sequence[LineIds], pool: FuzzyPool | None = None,
                known_isrcs: dict[str, str | None] | None = None) -> dict[object, Match]:
    """``{line key: Match}`` for every line (``NO_MATCH`` when nothing matched), by the rules of
    the module docstring; at most five queries whatever the number of lines. ``pool``: the
    fuzzy candidates and outcomes of the run this batch belongs to (``fuzzy_pool``);
    ``known_isrcs``: the run's ISRC → recordingId (None: not in the catalog) of earlier
    batches (``run_cache``): only the ISRCs it lacks are read, and they are added to it."""
    works_by_iswc = _by_iswc(tx, {ids.iswc for ids in lines if ids.publishing and ids.iswc})
    recording_of = _by_isrc(tx, {ids.isrc for ids in lines if ids.isrc}, {} if known_isrcs is None else known_isrcs)
    exact: dict[object, tuple[str, str]] = {}  # key → (recordingId, method)
    for ids in lines:
        if recording_of.get(ids.isrc) is not None:
            exact[ids.key] = (recording_of[ids.isrc], "isrc")
    exact.update(_by_upc(tx, [ids for ids in lines if ids.key not in exact and ids.upc]))
    fuzzy = _fuzzy(tx, [ids for ids in lines if ids.key not in exact
                        and not (ids.publishing and ids.iswc in works_by_iswc)], pool)
    recordings: dict[object, tuple[str, str, float]] = {k: (rid, m, 1.0) for k, (rid, m) in exact.items()}
    recordings.update({k: (rid, m, conf) for k, (rid, conf, m) in fuzzy.items() if m == "fuzzy"})
    assets = lift_to_works(tx, [ids for ids in lines if not (ids.publishing and ids.iswc in works_by_iswc)],
                           {k: rid for k, (rid, _, _) in recordings.items()})
    out = {}
    for ids in lines:
        rid, method, confidence = recordings.get(ids.key, (None, "none", None))
        if ids.publishing and ids.iswc in works_by_iswc:
            out[ids.key] = Match(works_by_iswc[ids.iswc], rid, "iswc", 1.0)
        elif rid is not None:
            out[ids.key] = Match(assets[ids.key], rid, method, confidence)
        elif ids.key in fuzzy:
            candidate, confidence, _ = fuzzy[ids.key]
            out[ids.key] = Match(None, None, "fuzzy_review", confidence, candidate)
        else:
            out[ids.key] = NO_MATCH
    return out


def lift_to_works(tx: ManagedTransaction, lines: Sequence[LineIds],
                  recordings: dict[object, str]) -> dict[object, str]:
    """The asset paid for each line attributed to a recording (``recordings``: ``{key:
    recordingId}``; the review queue's confirm/relink use it too): for a publishing line the
    recording's work when it is the recording of exactly one, else the recording itself."""
    works = _works_of(tx, {recordings[ids.key] for ids in lines if ids.publishing and ids.key in recordings})
    assets = {}
    for ids in lines:
        if ids.key in recordings:
            lifted = works.get(recordings[ids.key], []) if ids.publishing else []
            assets[ids.key] = lifted[0] if len(lifted) == 1 else recordings[ids.key]
    return assets


def gtin_forms(code: str) -> list[str]:
    """Every writing of a UPC/EAN under which a catalog may hold it: the digits with leading
    zeros dropped, padded to 12, 13 and 14 digits (those it fits). [] when not all digits."""
    digits = "".join(ch for ch in code if ch not in " .-")
    if not digits.isascii() or not digits.isdigit():
        return []
    core = digits.lstrip("0")
    return [core.zfill(width) for width in _GTIN_WIDTHS if len(core) <= width]


def _by_isrc(tx: ManagedTransaction, isrcs: set[str], known: dict[str, str | None]) -> dict[str, str | None]:
    """``known`` completed with the recording of each of ``isrcs`` it lacks (None when none)."""
    missing = sorted(isrcs - known.keys())
    if missing:
        found = {r["isrc"]: r["recordingId"] for r in run(tx, "allocation/match_isrc", isrcs=missing)}
        known.update({isrc: found.get(isrc) for isrc in missing})
    return known


def _by_iswc(tx: ManagedTransaction, iswcs: set[str]) -> dict[str, str]:
    if not iswcs:
        return {}
    return {r["iswc"]: r["workId"] for r in run(tx, "attribution/match_iswc", iswcs=sorted(iswcs))}


def _by_upc(tx: ManagedTransaction, lines: list[LineIds]) -> dict[object, tuple[str, str]]:
    """UPC + track matches ``{key: (recordingId, 'upc_track')}``."""
    forms = {ids.key: gtin_forms(ids.upc) for ids in lines}
    rows = sorted({(code, ids.track_number) for ids in lines for code in forms[ids.key]},
                  key=lambda row: (row[0], row[1] or 0))
    if not rows:
        return {}
    hits: dict[tuple[str, int | None], dict[str, list[dict]]] = defaultdict(dict)  # (code, track) → release → tracks
    for row in run(tx, "attribution/match_upc_tracks", rows=[{"upc": code, "track": track} for code, track in rows]):
        hits[row["upc"], row["track"]][row["releaseId"]] = row["hits"]
    out = {}
    for ids in lines:
        found = {rel: tracks for code in forms[ids.key] for rel, tracks in hits.get((code, ids.track_number), {}).items()}
        if len(found) != 1:
            continue  # unknown UPC, or two catalog releases under writings of one code: not guessed
        (tracks,) = found.values()
        if len(tracks) == 1 and not (ids.isrc and tracks[0]["isrc"] and ids.isrc != tracks[0]["isrc"]):
            out[ids.key] = (tracks[0]["recordingId"], "upc_track")
    return out


def _works_of(tx: ManagedTransaction, recording_ids: set[str]) -> dict[str, list[str]]:
    if not recording_ids:
        return {}
    return {r["recordingId"]: r["workIds"] for r in
            run(tx, "attribution/works_of_recordings", recordingIds=sorted(recording_ids))}


def _fuzzy(tx: ManagedTransaction, lines: list[LineIds], pool: FuzzyPool | None) -> dict[object, tuple[str, float, str]]:
    """Fuzzy matches of lines without an exact match: ``{key: (recordingId, confidence,
    'fuzzy' | 'fuzzy_review')}``; at most one candidate query for the whole batch, none when no
    line needs it (or ``pool``, the run's, read those candidates before)."""
    queries = [Query(ids.key, ids.title, ids.artist, ids.isrc) for ids in lines if ids.title]
    return (pool or FuzzyPool()).match(tx, queries)
