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

A monitoring log repeats the same tracks all day: an ``Attributor`` lives for one import and
matches through a ``fuzzy_pool.FuzzyPool`` (the statement runs' one), so each distinct track is
scored once and the catalog candidates of each blocking key are read and prepared once.
"""
from __future__ import annotations

from neo4j import ManagedTransaction

from app.services.db import run
from app.services.fuzzy_pool import FuzzyPool
from app.services.matching import Query

#: A detection (not a match) less sure than this sends even an exact match to review.
DETECTION_REVIEW_BELOW = 0.5


class Attributor:
    """Attributes the plays of one import, batch after batch (see the module docstring)."""

    def __init__(self) -> None:
        self.fuzzy = FuzzyPool()

    def attribute(self, tx: ManagedTransaction, plays: list[dict], by: str) -> list[dict]:
        """Attribute ``plays`` (``{playId, title, artist, isrc, detectionConfidence}``) and write
        their UsageAttributions in ``tx`` (the first of each play: ``<playId>/1``); returns the
        rows written ``{playId, attributionId, method, confidence, recordingId,
        candidateRecordingId, status, by, note}``."""
        isrcs = sorted({p["isrc"] for p in plays if p["isrc"]})
        by_isrc = {r["isrc"]: r["recordingId"] for r in run(tx, "allocation/match_isrc", isrcs=isrcs)}
        fuzzy = self.fuzzy.match(tx, [Query(p["playId"], p["title"], p["artist"], p["isrc"]) for p in plays
                                      if p["isrc"] not in by_isrc and p["title"]])
        rows = [self._outcome(p, by_isrc, fuzzy, by) for p in plays]
        run(tx, "broadcast/write_attributions", rows=rows)
        return rows

    @staticmethod
    def _outcome(play: dict, by_isrc: dict[str, str], fuzzy: dict, by: str) -> dict:
        row = {"playId": play["playId"], "attributionId": f"{play['playId']}/1", "by": by, "note": None,
               "recordingId": None, "candidateRecordingId": None}
        found = (by_isrc[play["isrc"]], 1.0, "isrc") if play["isrc"] in by_isrc else fuzzy.get(play["playId"])
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
