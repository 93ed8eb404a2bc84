"""Attribution of plays to the local catalog (issue 6 item 3): exact ISRC first, then fuzzy
title + artist with the statement matcher (``app.services.matching``: normalized, blocked,
rapidfuzz-scored, its thresholds), recorded as a UsageAttribution on the PlayLog.

Outcomes (``UsageAttribution.method`` → ``PlayLog.status``):

* ``isrc`` (confidence 1.0) or ``fuzzy`` at or above the automatic threshold → ``matched``;
* ``fuzzy_review`` (the review band) → ``review``, the candidate kept for a person to confirm
  (``link``); a match of a detection whose own confidence is under
  ``DETECTION_REVIEW_BELOW`` also goes to review: the monitor itself was unsure what it heard;
* ``none`` → ``unmatched`` (kept, never charged): nothing close, or a failed detection that
  names neither a title nor an ISRC.

A monitoring log repeats the same tracks all day, so an ``Attributor`` keeps, for one run, the
fuzzy outcome per (title, artist, ISRC) and the catalog candidates already read per blocking
key: each distinct track is scored once, and the catalog is read once per key.
"""
from __future__ import annotations

from neo4j import ManagedTransaction

from app.services.db import run
from app.services.matching import Candidate, Query, artist_names, blocking_keys, fuzzy_match

#: A detection (not a match) less sure than this sends even an exact match to review.
DETECTION_REVIEW_BELOW = 0.5


class Attributor:
    """Attributes plays in batches, with per-run caches (see the module docstring)."""

    def __init__(self) -> None:
        self.candidates: dict[str, Candidate] = {}
        self.keys_read: set[str] = set()
        self.fuzzy_memo: dict[tuple[str, str, str | None], tuple[str, float, str] | None] = {}

    def _read_candidates(self, tx: ManagedTransaction, keys: set[str]) -> None:
        missing = sorted(keys - self.keys_read)
        if not missing:
            return
        for r in run(tx, "attribution/fuzzy_candidates", keys=missing):
            self.candidates[r["recordingId"]] = Candidate(r["recordingId"], r["title"] or "",
                                                          tuple(a for a in r["artists"] if a), r["version"], r["isrc"])
        self.keys_read.update(missing)

    def _fuzzy(self, tx: ManagedTransaction, plays: list[dict]) -> None:
        """Fill the memo for the distinct tracks of ``plays`` not seen yet in this run."""
        tracks = {(p["title"], p["artist"], p["isrc"]) for p in plays if p["title"]} - set(self.fuzzy_memo)
        if not tracks:
            return
        queries = [Query(track, *track) for track in sorted(tracks, key=lambda t: (t[0], t[1], t[2] or ""))]
        keys = {k for q in queries for k in blocking_keys(artist_names(q.artist))}
        self._read_candidates(tx, keys)
        found = fuzzy_match(queries, list(self.candidates.values())) if keys else {}
        for q in queries:
            self.fuzzy_memo[q.key] = found.get(q.key)

    def attribute(self, tx: ManagedTransaction, plays: list[dict], by: str) -> list[dict]:
        """Attribute ``plays`` (``{playId, title, artist, isrc, detectionConfidence}``) and write
        their UsageAttributions in ``tx`` (the first of each play: ``<playId>/1``); returns the
        rows written ``{playId, attributionId, method, confidence, recordingId,
        candidateRecordingId, status, by, note}``."""
        isrcs = sorted({p["isrc"] for p in plays if p["isrc"]})
        by_isrc = {r["isrc"]: r["recordingId"] for r in run(tx, "allocation/match_isrc", isrcs=isrcs)}
        self._fuzzy(tx, [p for p in plays if p["isrc"] not in by_isrc])
        rows = [self._outcome(p, by_isrc, by) for p in plays]
        run(tx, "broadcast/write_attributions", rows=rows)
        return rows

    def _outcome(self, play: dict, by_isrc: dict[str, str], by: str) -> dict:
        row = {"playId": play["playId"], "attributionId": f"{play['playId']}/1", "by": by, "note": None,
               "recordingId": None, "candidateRecordingId": None}
        if play["isrc"] in by_isrc:
            found = (by_isrc[play["isrc"]], 1.0, "isrc")
        else:
            found = self.fuzzy_memo.get((play["title"], play["artist"], play["isrc"])) if play["title"] else None
        if found is None:
            note = None if (play["title"] or play["isrc"]) else "failed detection: no title and no ISRC"
            return row | {"method": "none", "confidence": None, "status": "unmatched", "note": note}
        recording_id, confidence, method = found
        unsure = play["detectionConfidence"] is not None and play["detectionConfidence"] < DETECTION_REVIEW_BELOW
        if method == "fuzzy_review" or unsure:
            note = f"detection confidence {play['detectionConfidence']} < {DETECTION_REVIEW_BELOW}" if unsure else None
            return row | {"method": method, "confidence": confidence, "status": "review",
                          "candidateRecordingId": recording_id, "note": note}
        return row | {"method": method, "confidence": confidence, "status": "matched", "recordingId": recording_id}
