"""Allocation of one batch of statement lines: match, resolve owners, split, post.

For each line (DESIGN.md "The main flow", steps 2–3):

1. exact ISRC match to a Recording; the other lines by fuzzy title + artist
   (``app.services.matching``, one candidate query per batch): an automatic match allocates
   like an ISRC match (``matchMethod 'fuzzy'``, ``matchConfidence``), a review-band match leaves
   the line in suspense with ``matchMethod 'fuzzy_review'``, ``matchConfidence`` and
   ``candidateRecordingId`` (the review queue);
2. owners of the line's right type valid on the first day of its sale month in its country,
   by the Cypher traversal ``rights/owners_at`` (time- and territory-scoped);
3. the line's micro-units split by largest remainder over the owners' shares; the unowned part
   of shares summing to under 100 % (and the whole of an unmatched line, or of shares over
   100 %, which is a conflict and never guessed) goes to the suspense account; within CWR's
   ±0.06 % tolerance of 100 % the owners share the whole line pro rata;
4. one journal entry per batch: the statement's source account is debited with the batch
   total and each wallet / suspense credited with its sum, balances updated, income rollups
   added, and the statement's progress advanced — all in the one transaction.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from neo4j import ManagedTransaction

from app.money import split_largest_remainder
from app.money.shares import WHOLE
from app.services import ledger
from app.services.db import run
from app.services.matching import Candidate, Query, artist_names, blocking_keys, fuzzy_match
from importers.records import ParseIssue, StatementLine

SUSPENSE_KEY = "~suspense"  # sorts after every PART-… id, so ties favour owners
# CWR's tolerance on a 100 % total (±0.06 %, in millionths): within it the owners share the
# whole line pro rata, since the gap is a rounding of the registered shares, not unowned money.
SHARE_TOLERANCE = 600


class BatchAlreadyPosted(RuntimeError):
    """The statement's progress shows this batch done by another run; the transaction must roll back."""


@dataclass(frozen=True)
class BatchResult:
    """Counts for one allocated batch: lines read/matched/unmatched, rows rejected, micro-units."""

    read: int
    matched: int
    unmatched: int
    rejected: int
    gross_micro: int
    suspense_micro: int


def allocate_batch(tx: ManagedTransaction, statement: dict, batch_no: int,
                   lines: list[tuple[StatementLine, int]], issues: list[ParseIssue],
                   owner_cache: dict[str, dict[str, int]] | None = None) -> BatchResult:
    """Allocate and post one batch of a statement in ``tx``.

    ``statement``: the Statement's properties; ``lines``: (normalized line, its micro-units);
    ``issues``: rejected rows of the batch (recorded, not posted); ``owner_cache``: the
    ``resolve_owners`` cache of earlier batches of the same run (filled here).
    Raises neo4j.exceptions.ConstraintError (its journal entry's idempotency key exists) or
    BatchAlreadyPosted (the statement is past it) when another run posted this batch: the
    transaction rolls back and nothing is written twice."""
    sid, currency = statement["statementId"], statement["currency"]
    isrcs = sorted({line.isrc for line, _ in lines if line.isrc})
    recording_of = {r["isrc"]: r["recordingId"] for r in run(tx, "allocation/match_isrc", isrcs=isrcs)}
    fuzzy = _fuzzy(tx, [line for line, _ in lines if not (line.isrc and line.isrc in recording_of)])

    def recording(line: StatementLine) -> str | None:
        if line.isrc and line.isrc in recording_of:
            return recording_of[line.isrc]
        found = fuzzy.get(line.line)
        return found[0] if found and found[2] == "fuzzy" else None

    keys = {}
    for line, _ in lines:
        rid = recording(line)
        if rid:
            key = owner_key(rid, line)
            keys[key] = {"key": key, "assetId": rid, "rightType": line.right_type,
                         "date": dt.date.fromisoformat(line.period + "-01"), "country": line.territory}
    owners = resolve_owners(tx, list(keys.values()), owner_cache)

    participant_ids = sorted({pid for key in keys for pid in owners[key]})
    wallets = ledger.participant_accounts(tx, participant_ids, currency)
    suspense, source = ledger.ensure_platform_accounts(tx, currency, [("suspense", None),
                                                                      ("source", statement["source"])])

    events, credits, rollups = [], defaultdict(int), defaultdict(int)
    labels: dict[str, str] = {}
    matched = unmatched = 0
    for line, micro in lines:
        rid = recording(line)
        shares = owners.get(owner_key(rid, line), {}) if rid else {}
        status, parts = split_line(micro, shares)
        matched += rid is not None
        unmatched += rid is None
        allocations = []
        for key, amount in parts.items():
            account = suspense if key == SUSPENSE_KEY else wallets[key]
            credits[account] += amount
            allocations.append({"accountId": account, "amount": amount, "share": shares.get(key)})
            if key != SUSPENSE_KEY:
                rollups[(key, line.period, line.source, rid)] += amount
        labels[line.source] = line.source_label
        candidate, confidence, method = fuzzy.get(line.line, (None, None, "isrc" if rid else "none"))
        events.append({"props": {
            "eventId": f"{sid}:{line.line}", "statementId": sid, "line": line.line, "source": line.source,
            "usageType": line.usage_type, "rightType": line.right_type, "territory": line.territory,
            "period": line.period, "units": line.units, "grossMicro": micro, "currency": currency,
            "isrc": line.isrc, "recordingId": rid, "matchMethod": method, "matchConfidence": confidence,
            "candidateRecordingId": candidate if method == "fuzzy_review" else None,
            "allocationStatus": "unmatched" if rid is None else status, "title": line.title, "artist": line.artist},
            "allocations": allocations})

    total = sum(micro for _, micro in lines)
    postings = [{"accountId": a, "amount": amt} for a, amt in sorted(credits.items())]
    postings.append({"accountId": source, "amount": -total})
    ledger.post(tx, f"statement:{sid}:batch:{batch_no}", "royalty_allocation", postings,
                f"{statement['source']} statement {statement.get('filename')} batch {batch_no}", statement_id=sid)
    run(tx, "allocation/write_events", events=events)
    run(tx, "allocation/write_issues", statementId=sid,
        issues=[{"line": i.line, "field": i.field, "message": i.message, "raw": i.raw} for i in issues])
    run(tx, "money/add_income_rollups", rows=[
        {"key": f"{pid}|{period}|{src}|{rid}", "participantId": pid, "period": period, "source": src,
         "sourceLabel": labels[src], "recordingId": rid, "currency": currency, "amount": amount}
        for (pid, period, src, rid), amount in rollups.items() if amount])
    done = run(tx, "allocation/batch_done", statementId=sid, batch=batch_no, read=len(lines) + len(issues),
               matched=matched, unmatched=unmatched, rejected=len(issues))
    if not done:
        raise BatchAlreadyPosted(f"statement {sid} is past batch {batch_no}: another run posted it")
    return BatchResult(len(lines) + len(issues), matched, unmatched, len(issues), total, credits.get(suspense, 0))


def _fuzzy(tx: ManagedTransaction, lines: list[StatementLine]) -> dict[int, tuple[str, float, str]]:
    """Fuzzy matches of lines without an ISRC match: ``{line number: (recordingId, confidence,
    'fuzzy' | 'fuzzy_review')}``; one candidate query for the whole batch, none when no line
    needs it."""
    queries = [Query(line.line, line.title or "", line.artist or "", line.isrc) for line in lines if line.title]
    keys = sorted({k for q in queries for k in blocking_keys(artist_names(q.artist))})
    if not keys:
        return {}
    candidates = [Candidate(r["recordingId"], r["title"] or "", tuple(a for a in r["artists"] if a), r["version"],
                            r["isrc"]) for r in run(tx, "attribution/fuzzy_candidates", keys=keys)]
    return fuzzy_match(queries, candidates)


def owner_key(asset_id: str, line: StatementLine) -> str:
    """The key under which ``resolve_owners`` keeps the owners of a line's asset, right type,
    sale month and territory."""
    return f"{asset_id}|{line.right_type}|{line.period}|{line.territory}"


def resolve_owners(tx: ManagedTransaction, keys: list[dict],
                   cache: dict[str, dict[str, int]] | None = None) -> dict[str, dict[str, int]]:
    """Owners' shares (millionths) per key, by the Cypher traversal ``rights/owners_at``.

    ``keys``: ``[{key, assetId, rightType, date, country}]``; returns ``{key: {participantId:
    share}}`` for every key (empty when unowned). ``cache`` (filled here) holds keys resolved
    earlier in the same run, so the rights are read once per run and key."""
    owners = cache if cache is not None else {}
    missing = [k for k in keys if k["key"] not in owners]
    resolved: dict[str, dict[str, int]] = {k["key"]: {} for k in missing}
    for row in run(tx, "rights/owners_at", keys=missing):
        shares = resolved[row["key"]]
        shares[row["participantId"]] = shares.get(row["participantId"], 0) + row["share"]
    owners.update(resolved)  # only once the read succeeded: a retried transaction re-reads
    return owners


def split_line(micro: int, shares: dict[str, int]) -> tuple[str, dict[str, int]]:
    """(allocation status, parts by participant id or SUSPENSE_KEY) for one line of ``micro``
    micro-units owned by ``shares`` (millionths): ``allocated``, ``partially_owned`` (the
    unowned rest to suspense), ``no_owner`` or ``overlap`` (shares over 100 % beyond the
    tolerance: a conflict, never guessed — all to suspense). The parts sum to ``micro``."""
    owned = sum(shares.values())
    if owned == 0:
        return "no_owner", {SUSPENSE_KEY: micro}
    if owned > WHOLE + SHARE_TOLERANCE:
        return "overlap", {SUSPENSE_KEY: micro}
    if owned >= WHOLE - SHARE_TOLERANCE:
        return "allocated", split_largest_remainder(micro, shares)
    return "partially_owned", split_largest_remainder(micro, {**shares, SUSPENSE_KEY: WHOLE - owned})
