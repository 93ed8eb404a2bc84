"""Attribution of plays to partner societies' repertoire (issue 7 item 3; docs/international.md).

A play the local catalog does not match (``play_attribution``) is tried against the *external*
repertoire — works and recordings a partner imported (``IN_REPERTOIRE_OF`` its Society) that
nobody ``OWNS`` here — in this order:

1. an external recording by ISRC → ``external_isrc``, confidence 1.0 (the ISRC read is
   ``play_attribution``'s, done once per batch for both catalogs);
2. an external work by the ISWC the log reported → ``external_iswc``, confidence 1.0: a play
   matched to a *work only* (``PlayLog.workId``, no recording);
3. fuzzy title + artist against external recordings (their performers) and the external works
   no recording is known of (their writers): the statement matcher (``matching``) through a
   second ``fuzzy_pool.FuzzyPool`` with its own thresholds, settings ``external_fuzzy_auto`` /
   ``external_fuzzy_review`` (env ``RIGHTSGRAPH_EXTERNAL_FUZZY_AUTO``, default 90, and
   ``RIGHTSGRAPH_EXTERNAL_FUZZY_REVIEW``, default 75; combined scores 0–100) →
   ``external_fuzzy`` at or above the automatic one, ``external_review`` (the QA queue) in the
   band below it.

Every outcome names ``originPartner``, the society code whose repertoire matched (the smallest
code when two partners claim the same asset: their mandates' precedence then decides who is
paid, at charging).
"""
from __future__ import annotations

from dataclasses import dataclass

from neo4j import ManagedTransaction

from app.services.db import run, settings
from app.services.fuzzy_pool import FuzzyPool
from app.services.matching import Query


@dataclass(frozen=True)
class ExternalMatch:
    """What a play matched in a partner's repertoire: ``method`` external_isrc | external_iswc |
    external_fuzzy | external_review, ``confidence`` 0–1, ``recordingId`` or ``workId`` (one of
    them: a work-only match has no recording), ``partnerCode``."""

    method: str
    confidence: float
    recording_id: str | None
    work_id: str | None
    partner_code: str | None

    @property
    def review(self) -> bool:
        """True when a person must confirm it (the fuzzy review band)."""
        return self.method == "external_review"


class ExternalMatcher:
    """Matches plays against the external repertoire for one import (candidates read and
    prepared once per blocking key, each distinct track scored once: ``FuzzyPool``)."""

    def __init__(self) -> None:
        config = settings()
        self.fuzzy = FuzzyPool("reciprocal/qa_fuzzy_candidates", config.external_fuzzy_auto,
                               config.external_fuzzy_review)
        self._assets: dict[str, dict] = {}

    def match(self, tx: ManagedTransaction, plays: list[dict],
              by_isrc: dict[str, dict]) -> dict[str, ExternalMatch]:
        """``{playId: ExternalMatch}`` for the ``plays`` (``{playId, title, artist, isrc, iswc}``)
        found in a partner's repertoire; ``by_isrc``: the batch's ISRC hits
        (``reciprocal/qa_match_isrc`` rows by ISRC), of which the external ones count here."""
        found: dict[str, ExternalMatch] = {}
        for p in plays:
            hit = by_isrc.get(p["isrc"])
            if hit is not None and not hit["local"]:
                found[p["playId"]] = ExternalMatch("external_isrc", 1.0, hit["recordingId"], None, hit["partnerCode"])
        iswcs = sorted({p.get("iswc") for p in plays if p["playId"] not in found and p.get("iswc")})
        by_iswc = {r["iswc"]: r for r in run(tx, "reciprocal/qa_match_iswc", iswcs=iswcs)} if iswcs else {}
        for p in plays:
            hit = by_iswc.get(p.get("iswc"))
            if p["playId"] not in found and hit is not None:
                found[p["playId"]] = ExternalMatch("external_iswc", 1.0, None, hit["workId"], hit["partnerCode"])
        fuzzy = self.fuzzy.match(tx, [Query(p["playId"], p["title"], p["artist"], p["isrc"]) for p in plays
                                      if p["playId"] not in found and p["title"]])
        self._read_assets(tx, {asset_id for asset_id, _, _ in fuzzy.values()})
        for play_id, (asset_id, confidence, method) in fuzzy.items():
            asset = self._assets[asset_id]
            recording_id, work_id = (asset_id, None) if asset["isRecording"] else (None, asset_id)
            found[play_id] = ExternalMatch("external_fuzzy" if method == "fuzzy" else "external_review", confidence,
                                           recording_id, work_id, asset["partnerCode"])
        return found

    def _read_assets(self, tx: ManagedTransaction, ids: set[str]) -> None:
        missing = sorted(ids - set(self._assets))
        if missing:
            self._assets.update({r["id"]: r for r in run(tx, "reciprocal/qa_external_assets", ids=missing)})
