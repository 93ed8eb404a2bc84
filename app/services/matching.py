"""Fuzzy attribution of statement lines to recordings by title + artist (DESIGN.md "The main
flow", step 2, after exact ISRC). Pure: normalization and scoring only, no Flask, no database.

Normalization (``normalize_title``, ``normalize_artist``) folds case and accents (NFKD), drops
featured artists, and pulls version words (remix, live, acoustic, remaster, radio edit…) out of
the title into a separate set of *version tags* that must match exactly: a remix is a
different recording from its original, whatever the string distance says.

Scoring (``fuzzy_match``) blocks candidates by the first letter of each normalized artist name
(a line and a recording are compared only when they share one), then scores each block with
``rapidfuzz.process.cdist`` (``token_sort_ratio``, ``processor=None`` on the pre-normalized
strings, ``score_cutoff``) and combines ``TITLE_WEIGHT`` × title + ``ARTIST_WEIGHT`` × artist.
A candidate counts only when its version tags and the numbers in title and artist are equal
("Song 10" is not "Song 100"). Per line the best candidate wins:

* ≥ ``AUTO_THRESHOLD`` → ``method 'fuzzy'`` (allocated like an ISRC match), unless the line
  carries an ISRC that differs from the candidate's (conflicting identifiers are never
  auto-matched) or another recording scores within ``AMBIGUITY_MARGIN`` (two recordings of the
  same song by the same artist) — then it is a review;
* ≥ ``REVIEW_THRESHOLD`` → ``method 'fuzzy_review'`` (the money waits in suspense);
* below → no match.

Cost: each block is a dense len(lines) × len(recordings) uint8 matrix; with the
first-letter blocking a 5 000-line batch against a 100 000-recording catalog compares
roughly 5 000 × 100 000 / 20 pairs (~25 M, well under a second at the measured 68 M pairs/s).
Artists are scored once per distinct artist string of a block (a catalog repeats them), which
halves the work against a large repertoire (issue 7: bench/bench_attribution.py).
"""
from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process

#: Combined score (0–100) at or above which a line is attributed automatically. A starting
#: point to calibrate on labelled statement lines (stack-notes §6: the usual 90/80 are guesses).
AUTO_THRESHOLD = 90.0
#: Combined score at or above which (and below AUTO) a line goes to the review queue. Also a
#: starting point to calibrate.
REVIEW_THRESHOLD = 75.0
#: A runner-up recording this close to the best sends an otherwise automatic match to review.
AMBIGUITY_MARGIN = 2.0
TITLE_WEIGHT = 0.6
ARTIST_WEIGHT = 0.4

# version words → canonical tag (checked in this order; first hit wins per fragment)
_VERSION_TAGS = (
    (re.compile(r"\bradio\s+edit\b"), "radio edit"),
    (re.compile(r"\bremaster(?:ed)?\b"), "remaster"),
    (re.compile(r"\bremix(?:ed)?\b|\bmix\b|\brework\b"), "remix"),
    (re.compile(r"\blive\b"), "live"),
    (re.compile(r"\bacoustic\b|\bunplugged\b"), "acoustic"),
    (re.compile(r"\binstrumental\b"), "instrumental"),
    (re.compile(r"\bextended\b"), "extended"),
    (re.compile(r"\bdemo\b"), "demo"),
    (re.compile(r"\bedit\b"), "edit"),
    (re.compile(r"\bkaraoke\b"), "karaoke"),
)
_FEAT = re.compile(r"^\s*(?:feat\.?|ft\.?|featuring|with)\s", re.I)
_FEAT_INLINE = re.compile(r"\s(?:feat\.?|ft\.?|featuring)\s.*$")
_BRACKETS = re.compile(r"[\(\[]([^\)\]]*)[\)\]]")
_ARTIST_SEP = re.compile(r"\s*(?:&|\+|,|;|/)\s*|\s+(?:and|x|vs\.?|with)\s+")
_NON_ALNUM = re.compile(r"[^\w]+")
_NUMBERS = re.compile(r"\d+")


def _fold(text: str) -> str:
    """NFKD, combining marks removed, casefolded."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _words(text: str) -> str:
    return " ".join(_NON_ALNUM.sub(" ", text.replace("_", " ")).split())


def _version_tag(fragment: str) -> str | None:
    for pattern, tag in _VERSION_TAGS:
        if pattern.search(fragment):
            return tag
    return None


def normalize_title(title: str) -> tuple[str, frozenset[str]]:
    """(core title, version tags). ``"Blinding Lights (feat. Rosalía) - Remix"`` →
    ``("blinding lights", {"remix"})``. Bracketed or `` - ``-separated fragments naming a
    version become tags (years dropped: "Remastered 2011" → "remaster"); featured-artist
    fragments are dropped; other fragments stay in the core ("(Don't Fear) The Reaper")."""
    text = _fold(title)
    tags: set[str] = set()

    def bracket(m: re.Match) -> str:
        inner = m.group(1)
        if _FEAT.match(inner + " "):
            return " "
        tag = _version_tag(inner)
        if tag:
            tags.add(tag)
            return " "
        return f" {inner} "

    text = _BRACKETS.sub(bracket, text)
    head, *rest = re.split(r"\s+[-–—]\s+", text)
    kept = [head]
    for fragment in rest:
        tag = _version_tag(fragment)
        if tag:
            tags.add(tag)
        elif not _FEAT.match(fragment + " "):
            kept.append(fragment)
    core = _FEAT_INLINE.sub("", " ".join(kept))
    return _words(core.replace("&", " and ")), frozenset(tags)


def artist_names(artist: str) -> list[str]:
    """The normalized names of an artist credit, sorted and distinct: featured artists dropped,
    "&"/"and"/"x"/","/"with" split, "Weeknd, The" and "The Weeknd" both "weeknd"."""
    text = _BRACKETS.sub(lambda m: " " if _FEAT.match(m.group(1) + " ") else f" {m.group(1)} ", _fold(artist))
    text = _FEAT_INLINE.sub("", f" {text}")
    text = re.sub(r",\s*the\s*$", "", text.strip())  # "Weeknd, The"
    names = set()
    for part in _ARTIST_SEP.split(text):
        name = _words(part)
        name = re.sub(r"^the\s+", "", name)
        if name and name != "the":
            names.add(name)
    return sorted(names)


def normalize_artist(artist: str) -> str:
    """One comparable string for an artist credit: its ``artist_names`` joined by spaces."""
    return " ".join(artist_names(artist))


@dataclass(frozen=True)
class Candidate:
    """A catalog recording to match against: id, title, version (catalog field, e.g.
    "Acoustic"), artist credit names, and its ISRC (or None)."""

    recording_id: str
    title: str
    artists: tuple[str, ...]
    version: str | None = None
    isrc: str | None = None


@dataclass(frozen=True)
class Query:
    """A statement line to match: key (e.g. the line number), title, artist, ISRC (or None)."""

    key: object
    title: str
    artist: str
    isrc: str | None = None


def _prepared_candidate(c: Candidate) -> tuple[str, frozenset[str], list[str]]:
    core, tags = normalize_title(c.title)
    if c.version:
        version_tag = _version_tag(_fold(c.version))
        tags = tags | {version_tag} if version_tag else tags
    names = sorted({n for a in c.artists for n in artist_names(a)})
    return core, tags, names


def blocking_keys(names: Iterable[str]) -> set[str]:
    """First character of each normalized artist name."""
    return {n[0] for n in names if n}


class CandidateIndex:
    """Catalog candidates prepared for ``fuzzy_match`` (normalized title core, version tags,
    artist string, numbers) and blocked by ``blocking_keys``: preparing is most of a match's
    cost, so a run that matches batch after batch prepares each candidate once (``add`` the
    candidates of newly read blocking keys). A catalog repeats its artists (a performer's many
    recordings, a writer's many works): each block also knows its distinct artist strings, so
    ``fuzzy_match`` scores each once (``block_artists``)."""

    def __init__(self, candidates: Iterable[Candidate] = ()):
        self.candidates: list[Candidate] = []
        self.core: list[str] = []
        self.tags: list[frozenset[str]] = []
        self.art: list[str] = []
        self.nums: list[tuple[frozenset[str], frozenset[str]]] = []
        self.blocks: dict[str, list[int]] = defaultdict(list)
        self._artist_ids: dict[str, int] = {}  # distinct artist string → its id (its index in _artists)
        self._artists: list[str] = []
        self._art_id: list[int] = []  # per candidate: the id of its artist string
        self._block_artists: dict[str, tuple[list[str], np.ndarray]] = {}
        self.add(candidates)

    def add(self, candidates: Iterable[Candidate]) -> None:
        """Prepare and block more candidates (the caller adds each recording once)."""
        for cand in candidates:
            core, tags, names = _prepared_candidate(cand)
            artist = " ".join(names)
            for key in blocking_keys(names):
                self.blocks[key].append(len(self.candidates))
                self._block_artists.pop(key, None)
            if artist not in self._artist_ids:
                self._artist_ids[artist] = len(self._artists)
                self._artists.append(artist)
            self._art_id.append(self._artist_ids[artist])
            self.candidates.append(cand)
            self.core.append(core)
            self.tags.append(tags)
            self.art.append(artist)
            self.nums.append((frozenset(_NUMBERS.findall(core)), frozenset(_NUMBERS.findall(artist))))

    def block_artists(self, key: str) -> tuple[list[str], np.ndarray]:
        """(the distinct artist strings of block ``key``, per candidate of the block in
        ``blocks[key]`` order the position of its own among them); cached until ``add``
        changes the block."""
        found = self._block_artists.get(key)
        if found is None:
            block = self.blocks[key]
            ids = np.fromiter((self._art_id[j] for j in block), dtype=np.int64, count=len(block))
            distinct, inverse = np.unique(ids, return_inverse=True)
            found = self._block_artists[key] = ([self._artists[i] for i in distinct.tolist()], inverse)
        return found


def fuzzy_match(lines: list[Query], candidates: list[Candidate] | CandidateIndex, auto: float = AUTO_THRESHOLD,
                review: float = REVIEW_THRESHOLD) -> dict[object, tuple[str, float, str]]:
    """``{line key: (recordingId, confidence 0–1, method 'fuzzy' | 'fuzzy_review')}`` for the
    lines whose best candidate (of a list, or of an index prepared before) reaches ``review``
    (0–100, default ``REVIEW_THRESHOLD``; ``auto`` the automatic threshold, default
    ``AUTO_THRESHOLD``: the external repertoire has its own, issue 7); other lines are left out."""
    index = candidates if isinstance(candidates, CandidateIndex) else CandidateIndex(candidates)
    q_core, q_tags, q_art, q_nums, q_blocks = [], [], [], [], defaultdict(list)
    for i, line in enumerate(lines):
        core, tags = normalize_title(line.title or "")
        names = artist_names(line.artist or "")
        artist = " ".join(names)
        q_core.append(core)
        q_tags.append(tags)
        q_art.append(artist)
        q_nums.append((frozenset(_NUMBERS.findall(core)), frozenset(_NUMBERS.findall(artist))))
        if core and names:
            for key in blocking_keys(names):
                q_blocks[key].append(i)
    c_core, c_tags, c_nums, c_blocks = index.core, index.tags, index.nums, index.blocks
    candidates = index.candidates

    # per line: best score per recording (a line and recording can meet in several blocks)
    scores: dict[int, dict[int, float]] = defaultdict(dict)
    title_cutoff = max(0.0, (review - ARTIST_WEIGHT * 100) / TITLE_WEIGHT)
    artist_cutoff = max(0.0, (review - TITLE_WEIGHT * 100) / ARTIST_WEIGHT)
    for key, qi in q_blocks.items():
        ci = c_blocks.get(key)
        if not ci:
            continue
        titles = process.cdist([q_core[i] for i in qi], [c_core[j] for j in ci], scorer=fuzz.token_sort_ratio,
                               processor=None, score_cutoff=title_cutoff, dtype=np.float32)
        distinct, position = index.block_artists(key)  # each distinct artist string scored once
        artists = process.cdist([q_art[i] for i in qi], distinct, scorer=fuzz.token_sort_ratio,
                                processor=None, score_cutoff=artist_cutoff, dtype=np.float32)[:, position]
        combined = TITLE_WEIGHT * titles + ARTIST_WEIGHT * artists
        combined[(titles == 0) | (artists == 0)] = 0  # below a part's own cutoff
        for a, b in zip(*np.nonzero(combined >= review)):
            i, j = qi[a], ci[b]
            if q_tags[i] != c_tags[j] or q_nums[i] != c_nums[j]:
                continue
            scores[i][j] = float(combined[a, b])

    out: dict[object, tuple[str, float, str]] = {}
    for i, by_candidate in scores.items():
        ranked = sorted(by_candidate.items(), key=lambda kv: (-kv[1], candidates[kv[0]].recording_id))
        j, best = ranked[0]
        runner_up = next((s for k, s in ranked[1:] if candidates[k].recording_id != candidates[j].recording_id), None)
        line, cand = lines[i], candidates[j]
        method = "fuzzy" if best >= auto else "fuzzy_review"
        if method == "fuzzy" and ((line.isrc and cand.isrc and line.isrc != cand.isrc)
                                  or (runner_up is not None and best - runner_up < AMBIGUITY_MARGIN)):
            method = "fuzzy_review"
        out[line.key] = (cand.recording_id, round(best / 100, 4), method)
    return out
