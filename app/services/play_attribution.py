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

The local catalog is tried first (a recording in a partner's repertoire that nobody OWNS here is
not local); a play it does not match automatically is then tried against partners' repertoire
(issue 7, ``external_attribution``: ``external_isrc`` / ``external_iswc`` / ``external_fuzzy`` →
``matched``, ``external_review`` → ``review``, with ``originPartner``). A local review candidate
yields to an automatic external match, and is kept over an external review candidate.

A monitoring log repeats the same tracks all day: an ``Attributor`` lives for one import and
matches through a ``fuzzy_pool.FuzzyPool`` (the statement runs' one), so each distinct track is
scored once and the catalog candidates of each blocking key are read and prepared once.
"""
from __future__ import annotations

from neo4j import ManagedTransaction

from app.services.db import run
from app.services.external_attribution import ExternalMatch, ExternalMatcher
from app.services.fuzzy_pool import FuzzyPool
from app.services.matching import Query

#: A detection (not a match) less sure than this sends even an exact match to review.
DETECTION_REVIEW_BELOW = 0.5


class Attributor:
    """Attributes the plays of one import, batch after batch (see the module docstring)."""

    def __init__(self) -> None:
        self.fuzzy = FuzzyPool()
        self.external = ExternalMatcher()

    def attribute(self, tx: ManagedTransaction, plays: list[dict], by: str) -> list[dict]:
        """Attribute ``plays`` (``{playId, title, artist, isrc, iswc?, detectionConfidence}``) and
        write their UsageAttributions in ``tx`` (the first of each play: ``<playId>/1``); returns
        the rows written ``{playId, attributionId, method, confidence, recordingId,
        candidateRecordingId, workId, candidateWorkId, originPartner, status, by, note}``."""
        isrcs = sorted({p["isrc"] for p in plays if p["isrc"]})
        by_isrc = {r["isrc"]: r for r in run(tx, "reciprocal/qa_match_isrc", isrcs=isrcs)}
        local = {i: r["recordingId"] for i, r in by_isrc.items() if r["local"]}
        fuzzy = self.fuzzy.match(tx, [Query(p["playId"], p["title"], p["artist"], p["isrc"]) for p in plays
                                      if p["isrc"] not in local and p["title"]])
        # what the local catalog did not match automatically (a local review candidate may yield)
        undecided = [p for p in plays if p["isrc"] not in local and fuzzy.get(p["playId"], ("", 0, ""))[2] != "fuzzy"]
        external = self.external.match(tx, undecided, by_isrc)
        rows = [self._outcome(p, local, fuzzy, external.get(p["playId"]), by) for p in plays]
        run(tx, "broadcast/write_attributions", rows=rows)
        return rows

    @staticmethod
    def _outcome(play: dict, local: dict[str, str], fuzzy: dict, external: ExternalMatch | None, by: str) -> dict:
        row = {"playId": play["playId"], "attributionId": f"{play['playId']}/1", "by": by, "note": None,
               "recordingId": None, "candidateRecordingId": None, "workId": None, "candidateWorkId": None,
               "originPartner": None}
        found = (local[play["isrc"]], 1.0, "isrc") if play["isrc"] in local else fuzzy.get(play["playId"])
        if external is not None and (found is None or (found[2] == "fuzzy_review" and not external.review)):
            row["originPartner"] = external.partner_code
            recording_id, work_id, confidence, method = (external.recording_id, external.work_id,
                                                         external.confidence, external.method)
        elif found is not None:
            (recording_id, confidence, method), work_id = found, None
        else:
            note = None if (play["title"] or play["isrc"]) else "failed detection: no title and no ISRC"
            return row | {"method": "none", "confidence": None, "status": "unmatched", "note": note}
        unsure = play["detectionConfidence"] is not None and play["detectionConfidence"] < DETECTION_REVIEW_BELOW
        if method in ("fuzzy_review", "external_review") or unsure:
            note = f"detection confidence {play['detectionConfidence']} < {DETECTION_REVIEW_BELOW}" if unsure else None
            return row | {"method": method, "confidence": confidence, "status": "review", "note": note,
                          "candidateRecordingId": recording_id, "candidateWorkId": work_id}
        return row | {"method": method, "confidence": confidence, "status": "matched", "recordingId": recording_id,
                      "workId": work_id}
