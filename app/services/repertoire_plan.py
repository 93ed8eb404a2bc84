"""Planning one batch of a repertoire import (issue 7 item 2): which works, recordings and
parties of the partner's file already exist, which would be created, what changed, and what
conflicts — with read-only queries only, so a dry run is the plan without the write
(``app.services.repertoire_write`` applies it).

Matching rules, in order (docs/repertoire-import.md):

* a work by its ISWC; else by the partner's own work id (``externalRef`` ``<CODE>:<ref>``, or a
  synthetic ``<CODE>:~<title>|<writers>`` when the file gives none, so a re-import is
  idempotent); else by the fuzzy fallback: a work of the same partner's repertoire whose
  normalized title (``app.services.matching.normalize_title``: same version tags, rapidfuzz
  ``token_sort_ratio`` ≥ ``TITLE_MATCH``) and writers (the same IPIs, or the same normalized
  names) agree — two such works are a conflict and the record is skipped;
* a recording by its ISRC, else by a synthetic ``externalRef``;
* a writer, publisher or performer by IPI (whoever holds it, our own catalog's writers
  included), else by name within the partner (``externalRef``
  ``repertoire:<CODE>:<kind>:<normalized name>``).

Conflicts (reported; the record is still imported unless said): an ISWC whose stored title
differs strongly (< ``TITLE_CONFLICT``; the stored title is kept), an ISRC already recording
another work (the link is not made), a work or recording in another partner's repertoire (both
kept), reported shares over 100 % (+ the CWR tolerance), an ambiguous fuzzy match (skipped), a
partner work id that now comes with another ISWC or a strongly different title (``ref_reused``:
senders reuse work numbers; it is taken for another work, matched by its title + writers key).

A work or recording in this partner's repertoire only (no OWNS of ours, no other partner) takes
the partner's title; any other keeps its title and gains the partner's as an alternate title.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from neo4j import ManagedTransaction
from rapidfuzz import fuzz

from app.money.shares import percent_to_millionths
from app.services.allocation import SHARE_TOLERANCE
from app.services.db import run
from app.services.matching import normalize_artist, normalize_title
from importers.repertoire.records import RepertoireParty, RepertoireRecording, RepertoireWork

#: CWR writer designation codes of authors (CWR 2.1 lookup "Writer Designation"; PA, income
#: participant, left out): the writers the fuzzy fallback compares, on both sides.
WRITER_ROLES = ("CA", "A", "C", "AR", "AD", "TR", "SA", "SR")
#: The role of a party whose file gives none: composer/author, original publisher.
DEFAULT_ROLES = {"writer": "CA", "publisher": "E"}
#: Fuzzy fallback: minimum rapidfuzz token_sort_ratio of the normalized titles (0–100).
TITLE_MATCH = 90.0
#: An ISWC's stored title scoring below this against the file's (and its alternates) is a conflict.
TITLE_CONFLICT = 60.0
SHARE_MAX = 1_000_000 + SHARE_TOLERANCE  # millionths: 100 % + the CWR tolerance of 0.06 %


@dataclass
class PartyPlan:
    """A writer/publisher/performer: ``participantId`` when it exists, else the new
    ``upsert_participants`` record (with its ``ref``)."""

    key: str
    kind: str
    name: str
    participant_id: str | None = None
    record: dict | None = None


@dataclass
class WorkPlan:
    """One work record's outcome: ``status`` created | updated | unchanged | skipped;
    ``row`` the ``upsert_works`` row; ``claims`` ``[(party key, CLAIMS properties)]``."""

    record: RepertoireWork
    status: str
    row: dict
    fingerprint: str
    claims: list = field(default_factory=list)
    work_id: str | None = None


@dataclass
class RecordingPlan:
    """One recording record's outcome (``status`` as WorkPlan); ``work`` the WorkPlan it
    records (written in the same batch) or None; ``work_id`` an existing work to link."""

    record: RepertoireRecording
    status: str
    row: dict
    fingerprint: str
    performers: list = field(default_factory=list)  # [(party key, role)]
    work: WorkPlan | None = None
    work_id: str | None = None
    recording_id: str | None = None


@dataclass
class BatchPlan:
    """What a batch would do: parties by key, works, recordings, party renames, conflicts and
    missing identifiers (log entries)."""

    parties: dict[str, PartyPlan] = field(default_factory=dict)
    renames: list[dict] = field(default_factory=list)
    works: list[WorkPlan] = field(default_factory=list)
    recordings: list[RecordingPlan] = field(default_factory=list)
    conflicts: list[dict] = field(default_factory=list)
    missing: list[dict] = field(default_factory=list)


def fingerprint(record: RepertoireWork | RepertoireRecording) -> str:
    """A digest of a record's content (line numbers and parser extras left out), so a
    re-import can tell an unchanged work from an updated one."""
    if isinstance(record, RepertoireRecording):
        content = (record.title, record.isrc, record.duration_seconds, record.artists, record.work_iswc,
                   record.work_ref, record.label, record.upc, record.contributors)
    else:
        content = (record.title, record.iswc, record.ref, record.alternate_titles, record.performers,
                   record.writers, record.publishers, [fingerprint(r) for r in record.recordings],
                   record.original_title, record.cross_references, record.duration_seconds, record.language)
    return hashlib.sha256(repr(content).encode()).hexdigest()[:24]


def _name_key(name: str) -> str:
    return normalize_artist(name) or " ".join((name or "").casefold().split())


def party_key(code: str, kind: str, name: str, ipi: str | None) -> str:
    """``IPI:<ipi>`` for a party with an IPI name number, else the externalRef of a party known
    by name within the partner: ``repertoire:<CODE>:<kind>:<normalized name>``."""
    return f"IPI:{ipi}" if ipi else f"repertoire:{code}:{kind}:{_name_key(name)}"


def _writer_keys(writers) -> tuple[frozenset, frozenset]:
    """(IPIs, normalized names) of writers given as RepertoireParty or ``{ipi, name}`` maps."""
    pairs = [(w.ipi, w.name) if isinstance(w, RepertoireParty) else (w["ipi"], w["name"]) for w in writers]
    return frozenset(i for i, _ in pairs if i), frozenset(_name_key(n) for _, n in pairs)


def _best_title(title: str, existing: dict) -> float:
    """The best score of ``title`` against an existing work's title and alternate titles."""
    return max(_title_score(title, t) for t in [existing["title"], *existing["alternateTitles"]] if t)


def _same_ref(code: str, work: RepertoireWork, candidate_ref: str | None) -> bool:
    """False when both the record and the candidate carry the partner's own (different) work
    ids: the partner says they are two works."""
    real = candidate_ref is not None and candidate_ref.startswith(f"{code}:") and \
        not candidate_ref.startswith(f"{code}:~")
    return not (work.ref and real and candidate_ref != f"{code}:{work.ref}")


def _title_score(a: str, b: str) -> float:
    (core_a, tags_a), (core_b, tags_b) = normalize_title(a), normalize_title(b)
    return fuzz.token_sort_ratio(core_a, core_b) if tags_a == tags_b else 0.0


def work_ref(code: str, work: RepertoireWork, synthetic: bool = False) -> str:
    """The work's externalRef: the partner's work id, else (or when ``synthetic``) a title +
    writers key."""
    if work.ref and not synthetic:
        return f"{code}:{work.ref}"
    names = "+".join(sorted(_writer_keys(work.writers)[1]))
    return f"{code}:~{normalize_title(work.title)[0]}|{names}"


def recording_ref(code: str, rec: RepertoireRecording, work_key: str | None) -> str | None:
    """A recording's externalRef when it has no ISRC (None when it has one)."""
    if rec.isrc:
        return None
    artists = "+".join(sorted(_name_key(a) for a in rec.artists))
    return f"{code}:~rec:{normalize_title(rec.title)[0]}|{artists}|{work_key or rec.work_iswc or rec.work_ref or ''}"


def _conflict(kind: str, record, message: str, **ids) -> dict:
    return {"line": record.line, "kind": kind, "title": record.title, **ids, "message": message}


def _parties(tx, code: str, works: list[RepertoireWork], recordings: list[tuple], plan: BatchPlan) -> None:
    wanted: dict[str, PartyPlan] = {}
    ipis: dict[str, str] = {}
    for work in works:
        for kind, parties in (("writer", work.writers), ("publisher", work.publishers)):
            for p in parties:
                key = party_key(code, kind, p.name, p.ipi)
                wanted.setdefault(key, PartyPlan(key, kind, p.name))
                if p.ipi:
                    ipis[key] = p.ipi
    for rec, _ in recordings:
        for artist in rec.artists:
            key = party_key(code, "artist", artist, None)
            wanted.setdefault(key, PartyPlan(key, "artist", artist))
    found = {r["key"]: r for r in run(tx, "reciprocal/repertoire_find_parties", ipis=sorted(set(ipis.values())),
                                      refs=sorted(k for k in wanted if not k.startswith("IPI:")))}
    for key, party in wanted.items():
        hit = found.get(key)
        if hit:
            party.participant_id = hit["participantId"]
            if (hit["externalRef"] or "").startswith("repertoire:") and hit["name"] != party.name:
                plan.renames.append({"participantId": hit["participantId"], "name": party.name})
        else:
            party.record = {"ref": key if key.startswith("repertoire:") else f"repertoire:{key}",
                            "kinds": [party.kind], "name": party.name,
                            "identifiers": [{"scheme": "IPI", "value": ipis[key]}] if key in ipis else []}
    plan.parties = wanted


def _claims(code: str, work: RepertoireWork) -> tuple[list, dict]:
    claims, totals = [], {"pr": 0, "mr": 0, "sr": 0}
    for kind, parties in (("writer", work.writers), ("publisher", work.publishers)):
        for p in parties:
            shares = {r: percent_to_millionths(getattr(p, f"{r}_share")) for r in totals}
            for r, v in shares.items():
                totals[r] += v
            claims.append((party_key(code, kind, p.name, p.ipi), {
                "role": p.role or DEFAULT_ROLES[kind], "prShare": shares["pr"], "mrShare": shares["mr"],
                "srShare": shares["sr"], "prSociety": p.pr_society, "mrSociety": p.mr_society,
                "srSociety": p.sr_society, "controlled": p.controlled}))
    return claims, totals


def _find_works(tx, code: str, iswcs=(), work_ids=(), refs=()) -> dict[str, dict]:
    rows = run(tx, "reciprocal/repertoire_find_works", code=code, iswcs=sorted(iswcs), workIds=sorted(work_ids),
               refs=sorted(refs))
    return {row["key"]: row["work"] for row in rows}


def _signatures(writers) -> set[tuple]:
    """The keys under which two works have "the same writers" (one shared key suffices): the
    set of IPIs when every writer has one, and the set of normalized names."""
    ipis, names = _writer_keys(writers)
    return {("name", names)} | ({("ipi", ipis)} if len(ipis) == len(writers) else set())


def _fuzzy(tx, code: str, pending: list[RepertoireWork]) -> dict[int, list[dict]]:
    """Candidates per pending work (by position): same writers, title close enough. Candidates
    are indexed by writer signature, so each work is scored against its own writers' works only."""
    authors = [[w for w in work.writers if (w.role or "CA") in WRITER_ROLES] for work in pending]
    writers = [w for group in authors for w in group]
    if not writers:
        return {}
    rows = run(tx, "reciprocal/repertoire_work_candidates", code=code, writerRoles=list(WRITER_ROLES),
               ipis=sorted({w.ipi for w in writers if w.ipi}),
               refs=sorted({party_key(code, "writer", w.name, None) for w in writers if not w.ipi}))
    index: dict[tuple, list[dict]] = {}
    for c in rows:
        if c["writers"]:
            for signature in _signatures(c["writers"]):
                index.setdefault(signature, []).append(c)
    out = {}
    for i, (work, group) in enumerate(zip(pending, authors)):
        if not group:
            continue
        seen = {c["workId"]: c for signature in _signatures(group) for c in index.get(signature, [])}
        out[i] = [c for c in seen.values() if (work.iswc is None or c["iswc"] is None)
                  and _same_ref(code, work, c["externalRef"]) and _title_score(work.title, c["title"]) >= TITLE_MATCH]
    return out


def _kept_title(existing: dict, code: str, title: str, alternates) -> tuple[str, list[str]]:
    """(title, alternateTitles) of an existing work/recording after the partner's record."""
    partner_only = not existing.get("owned") and set(existing.get("partners") or []) == {code}
    kept = title if partner_only else existing["title"]
    names = list(existing.get("alternateTitles") or []) + [t for t in (title, *alternates) if t]
    alt = [t for t in dict.fromkeys(names) if t != kept]
    return kept, alt


def _status(existing: dict | None, fp: str) -> str:
    if existing is None:
        return "created"
    return "unchanged" if existing.get("fingerprint") == fp else "updated"


def _plan_works(tx, code: str, works: list[RepertoireWork], found: dict, plan: BatchPlan) -> dict:
    by_key: dict[str, WorkPlan] = {}
    pending: list[tuple[int, RepertoireWork, str]] = []
    resolved: list[tuple[RepertoireWork, dict | None, str]] = []
    refs_used: set[str] = set()
    for work in works:
        ref = work_ref(code, work)
        if work.iswc and ref in refs_used:
            ref = None  # another record of the batch carries this partner work id: match by ISWC only
        refs_used.add(ref)
        existing = found.get(f"ISWC:{work.iswc}") if work.iswc else None
        by_ref = found.get(f"REF:{ref}")
        if existing is None and by_ref is not None:
            if work.iswc and by_ref["iswc"] and by_ref["iswc"] != work.iswc:
                plan.conflicts.append(_conflict("iswc_changed", work, f"the partner's work {work.ref} was "
                                                f"{by_ref['workId']} with ISWC {by_ref['iswc']}; a new work is "
                                                "created", iswc=work.iswc, workId=by_ref["workId"]))
                ref = None
            elif work.ref and _best_title(work.title, by_ref) < TITLE_CONFLICT:
                plan.conflicts.append(_conflict("ref_reused", work, f"the partner's work id {work.ref} is "
                                                f"{by_ref['workId']} {by_ref['title']!r}; a title this different is "
                                                "taken for another work", iswc=work.iswc, workId=by_ref["workId"]))
                ref = work_ref(code, work, synthetic=True)
                existing = found.get(f"REF:{ref}")
            else:
                existing = by_ref
        if existing is None and ref is not None and work.writers:
            pending.append((len(resolved), work, ref))
        resolved.append((work, existing, ref))
    candidates = _fuzzy(tx, code, [w for _, w, _ in pending])
    skip: set[int] = set()
    for n, (i, work, _) in enumerate(pending):
        hits = candidates.get(n, [])
        if len(hits) > 1:
            plan.conflicts.append(_conflict("ambiguous", work, "several works of the partner match by title and "
                                            "writers; skipped", iswc=work.iswc,
                                            workIds=sorted(h["workId"] for h in hits)))
            skip.add(i)
        elif hits:
            resolved[i] = (work, f"WORK:{hits[0]['workId']}", resolved[i][2])
    matched = [e.removeprefix("WORK:") for _, e, _ in resolved if isinstance(e, str)]
    if matched:
        found |= _find_works(tx, code, work_ids=matched)
    resolved = [(w, found[e] if isinstance(e, str) else e, ref) for w, e, ref in resolved]
    for i, (work, existing, ref) in enumerate(resolved):
        if i in skip:
            continue
        if not work.iswc:
            plan.missing.append({"line": work.line, "kind": "work", "title": work.title, "missing": "ISWC"})
        fp = fingerprint(work)
        claims, totals = _claims(code, work)
        for right, total in totals.items():
            if total > SHARE_MAX:
                plan.conflicts.append(_conflict("share_total", work, f"{right} shares add up to "
                                                f"{total / 10_000:.4f} %", iswc=work.iswc))
        if existing is None:
            title, alternates = work.title, list(dict.fromkeys(work.alternate_titles))
        else:
            title, alternates = _kept_title(existing, code, work.title, work.alternate_titles)
            if work.iswc and _best_title(work.title, existing) < TITLE_CONFLICT:
                plan.conflicts.append(_conflict("title_mismatch", work, f"ISWC {work.iswc} is "
                                                f"{existing['workId']} {existing['title']!r}", iswc=work.iswc,
                                                workId=existing["workId"]))
            others = sorted(set(existing.get("partners") or []) - {code})
            if others:
                plan.conflicts.append(_conflict("other_partner", work, f"{existing['workId']} is also in the "
                                                f"repertoire of {', '.join(others)}", iswc=work.iswc,
                                                workId=existing["workId"]))
        wp = WorkPlan(work, _status(existing, fp), {"ref": ref, "workId": existing and existing["workId"],
                                                     "iswc": work.iswc, "title": title, "alternateTitles": alternates},
                      fp, claims, existing and existing["workId"])
        plan.works.append(wp)
        by_key[ref or f"#{i}"] = wp
        if work.iswc:
            by_key[f"ISWC:{work.iswc}"] = wp
        if work.ref:
            by_key[f"REF:{code}:{work.ref}"] = wp
    return by_key


def _plan_recordings(code: str, recordings: list[tuple], found: dict, rec_found: dict, batch_works: dict,
                     plan: BatchPlan) -> None:
    for rec, work_plan in recordings:
        ref = recording_ref(code, rec, work_plan.row["ref"] if work_plan else None)
        existing = rec_found.get(f"ISRC:{rec.isrc}" if rec.isrc else f"REF:{ref}")
        if not rec.isrc:
            plan.missing.append({"line": rec.line, "kind": "recording", "title": rec.title, "missing": "ISRC"})
        if work_plan is None and (rec.work_iswc or rec.work_ref):
            keys = [f"ISWC:{rec.work_iswc}" if rec.work_iswc else None, f"REF:{code}:{rec.work_ref}" if rec.work_ref else None]
            work_plan = next((batch_works[k] for k in keys if k in batch_works), None)
            known = next((found[k] for k in keys if k in found), None)
            work_id = known["workId"] if work_plan is None and known else None
        else:
            work_id = None
        target = work_plan.work_id if work_plan else work_id
        fp = fingerprint(rec)
        row = {"ref": ref, "isrc": rec.isrc, "title": rec.title, "version": None,
               "durationSeconds": rec.duration_seconds}
        if existing is not None:
            title, _ = _kept_title({**existing, "alternateTitles": []}, code, rec.title, ())
            row |= {"title": title, "version": existing["version"],
                    "durationSeconds": existing["durationSeconds"] or rec.duration_seconds}
            others = [w for w in existing["workIds"] if w != target]
            if others and (target is not None or work_plan is not None):
                plan.conflicts.append(_conflict("isrc_other_work", rec, f"{existing['recordingId']} already records "
                                                f"{', '.join(sorted(others))}; not linked", isrc=rec.isrc,
                                                recordingId=existing["recordingId"]))
                work_plan, work_id = None, None
            partners = sorted(set(existing["partners"]) - {code})
            if partners:
                plan.conflicts.append(_conflict("other_partner", rec, f"{existing['recordingId']} is also in the "
                                                f"repertoire of {', '.join(partners)}", isrc=rec.isrc,
                                                recordingId=existing["recordingId"]))
        performers = [(party_key(code, "artist", a, None), "primary" if i == 0 else "featured")
                      for i, a in enumerate(rec.artists)]
        plan.recordings.append(RecordingPlan(rec, _status(existing, fp), row, fp, performers, work_plan, work_id,
                                             existing and existing["recordingId"]))


def plan_batch(tx: ManagedTransaction, code: str, records: list[RepertoireWork | RepertoireRecording]) -> BatchPlan:
    """Plan a batch of the partner ``code``'s records (read-only). A record repeated in the
    batch (same ISWC / ref / ISRC) counts once, the last one winning (a CWR REV after its NWR)."""
    works = list({(w.iswc or work_ref(code, w)): w for w in records if isinstance(w, RepertoireWork)}.values())
    plan = BatchPlan()
    recs: list[tuple] = [(r, None) for r in records if isinstance(r, RepertoireRecording)]
    nested = [(r, w) for w in works for r in w.recordings]
    _parties(tx, code, works, recs + nested, plan)
    iswcs = {w.iswc for w in works if w.iswc} | {r.work_iswc for r, _ in recs if r.work_iswc}
    refs = {work_ref(code, w) for w in works} | {work_ref(code, w, synthetic=True) for w in works if w.ref} | \
        {f"{code}:{r.work_ref}" for r, _ in recs if r.work_ref}
    found = _find_works(tx, code, iswcs=iswcs, refs=refs)
    batch_works = _plan_works(tx, code, works, found, plan)
    with_work = recs + [(r, batch_works.get(f"ISWC:{w.iswc}") or batch_works.get(work_ref(code, w))) for r, w in nested]
    rec_found = {row["key"]: row["recording"] for row in run(
        tx, "reciprocal/repertoire_find_recordings", code=code, isrcs=sorted({r.isrc for r, _ in with_work if r.isrc}),
        refs=sorted({recording_ref(code, r, w.row["ref"] if w else None) for r, w in with_work if not r.isrc}))}
    _plan_recordings(code, with_work, found, rec_found, batch_works, plan)
    return plan
