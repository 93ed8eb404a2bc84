"""Fuzzy title + artist matching over one run of many batches (a statement's batches).

Matching one batch alone reads every catalog recording under the batch's blocking keys (the
first letters of its artists: with a few dozen unmatched lines, nearly the whole catalog) and
prepares each for scoring. A ``FuzzyPool`` lives for one run and keeps what does not change
between its batches: the candidates of each blocking key, read once and prepared once
(``matching.CandidateIndex``), and the outcome of each distinct (title, artist, ISRC), scored
once. The outcomes are those ``matching.fuzzy_match`` gives on the whole candidate list:
a line is only ever compared with the candidates of its own blocking keys, and those are
complete once read. A recording added to the catalog during the run is not seen by it (as
owners resolved earlier in a run are kept): suspense re-matching finds it later.

By default the candidates are the local catalog's recordings (``attribution/fuzzy_candidates``);
the attribution of plays to partners' repertoire (issue 7) runs a second pool over another
candidate query with its own thresholds.
"""
from __future__ import annotations

from neo4j import ManagedTransaction

from app.services.db import run
from app.services.matching import (AUTO_THRESHOLD, REVIEW_THRESHOLD, Candidate, CandidateIndex, Query, artist_names,
                                   blocking_keys, fuzzy_match)

Outcome = tuple[str, float, str]  # (recordingId, confidence 0–1, 'fuzzy' | 'fuzzy_review')


class FuzzyPool:
    """Candidates read and prepared once per blocking key, outcomes once per distinct track."""

    def __init__(self, query: str = "attribution/fuzzy_candidates", auto: float = AUTO_THRESHOLD,
                 review: float = REVIEW_THRESHOLD) -> None:
        """``query``: the Cypher file of the candidates (param ``$keys``: blocking keys; returns
        recordingId (any asset id), title, version, isrc, artists); ``auto`` / ``review``: the
        thresholds (0–100) of ``matching.fuzzy_match``."""
        self.query, self.auto, self.review = query, auto, review
        self.index = CandidateIndex()
        self._read: set[str] = set()
        self._recordings: set[str] = set()
        self._outcomes: dict[tuple[str, str, str | None], Outcome | None] = {}

    def match(self, tx: ManagedTransaction, queries: list[Query]) -> dict[object, Outcome]:
        """``{query key: (recordingId, confidence, method)}`` for the queries whose best
        candidate reaches the review threshold, as ``matching.fuzzy_match``; reads, in ``tx``,
        only the candidates of blocking keys this pool has not read yet."""
        new = {(q.title, q.artist, q.isrc): q for q in queries if (q.title, q.artist, q.isrc) not in self._outcomes}
        if new:
            tracks = [Query(track, *track) for track in new]
            self._read_keys(tx, {k for q in tracks for k in blocking_keys(artist_names(q.artist))})
            found = fuzzy_match(tracks, self.index, self.auto, self.review)
            self._outcomes.update({q.key: found.get(q.key) for q in tracks})
        out = {}
        for q in queries:
            outcome = self._outcomes[(q.title, q.artist, q.isrc)]
            if outcome is not None:
                out[q.key] = outcome
        return out

    def _read_keys(self, tx: ManagedTransaction, keys: set[str]) -> None:
        missing = sorted(keys - self._read)
        if not missing:
            return
        fresh = []
        for r in run(tx, self.query, keys=missing):
            if r["recordingId"] not in self._recordings:
                self._recordings.add(r["recordingId"])
                fresh.append(Candidate(r["recordingId"], r["title"] or "", tuple(a for a in r["artists"] if a),
                                       r["version"], r["isrc"]))
        self.index.add(fresh)
        self._read.update(missing)  # only once the read succeeded: a retried transaction re-reads
