"""Allocation of one batch of statement lines: match, resolve owners, split, post.

For each line (DESIGN.md "The main flow", steps 2–3):

1. the asset whose owners are paid (``app.services.line_matching``: exact ISWC / ISRC /
   UPC + track, then fuzzy title + artist; a few queries per batch): ``assetId`` (a Work for
   publishing lines, else a Recording), ``recordingId``, ``matchMethod``, ``matchConfidence``;
   a fuzzy review-band match leaves the line in suspense with ``matchMethod 'fuzzy_review'``
   and ``candidateRecordingId`` (the review queue);
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
from app.services import holds, income_rollups, ledger
from app.services.db import run
from app.services.event_writer import write_events
from app.services.fx import Converter
from app.services.line_matching import LineIds, match_lines
from app.services.run_cache import RunCache
from importers.records import ParseIssue, StatementLine

SUSPENSE_KEY = "~suspense"  # sorts after every PART-… id, so ties favour owners
# CWR's tolerance on a 100 % total (±0.06 %, in millionths): within it the owners share the
# whole line pro rata, since the gap is a rounding of the registered shares, not unowned money.
SHARE_TOLERANCE = 600


class BatchAlreadyPosted(RuntimeError):
    """The statement's progress shows this batch done by another run; the transaction must roll back."""


@dataclass(frozen=True)
class BatchResult:
    """What one allocated batch adds to its statement's counters — lines read / matched / unmatched,
    rows rejected (a late batch: none read, its lines no longer rejected) — and its micro-units."""

    read: int
    matched: int
    unmatched: int
    rejected: int
    gross_micro: int
    suspense_micro: int


def allocate_batch(tx: ManagedTransaction, statement: dict, batch_no: int,
                   lines: list[tuple[StatementLine, int]], issues: list[ParseIssue],
                   cache: RunCache | None = None, late: bool = False) -> BatchResult:
    """Allocate and post one batch of a statement in ``tx``.

    ``statement``: the Statement's properties; ``lines``: (normalized line, its micro-units);
    ``issues``: rejected rows of the batch (recorded, not posted); ``cache``: what earlier
    batches of the same run read — owners, fuzzy candidates, ISRCs, accounts (``run_cache``;
    filled here; a new one when None); ``late``: the lines were read and rejected by an earlier
    batch (their currency had no rate, ``late_rates``): they move from the statement's rejected
    count to its matched / unmatched counts, and its lines read are unchanged.
    Raises neo4j.exceptions.ConstraintError (its journal entry's idempotency key exists) or
    BatchAlreadyPosted (the statement is past it) when another run posted this batch: the
    transaction rolls back and nothing is written twice."""
    sid, currency = statement["statementId"], statement["currency"]
    cache = cache or RunCache()
    identifiers = {line.line: LineIds.of(line) for line, _ in lines}
    matches = match_lines(tx, list(identifiers.values()), cache.fuzzy, cache.recordings)
    converter = Converter(statement.get("fxRates") or [], currency)

    keys = {}
    for line, _ in lines:
        asset = matches[line.line].asset_id
        if asset:
            query = owner_query(asset, line.right_type, line.period, line.territory)
            keys[query["key"]] = query
    owners = resolve_owners(tx, list(keys.values()), cache.owners)

    suspense, source = ledger.ensure_platform_accounts(tx, currency, [("suspense", None),
                                                                      ("source", statement["source"])])

    events, credits, rollups = [], defaultdict(int), defaultdict(lambda: [0, 0])  # rollup: [amount, recouped]
    owned: list[tuple[list, int | None, holds.Part]] = []  # participant parts, routed below (holds.route)
    labels: dict[str, str] = {}
    matched = unmatched = 0
    for line, micro in lines:
        match = matches[line.line]
        rid, asset = match.recording_id, match.asset_id
        shares = owners.get(owner_key(asset, line), {}) if asset else {}
        status, parts = split_line(micro, shares)
        matched += asset is not None
        unmatched += asset is None
        allocations = []
        for key, amount in parts.items():
            if key == SUSPENSE_KEY:
                credits[suspense] += amount
                allocations.append({"accountId": suspense, "amount": amount, "share": None})
            else:
                owned.append((allocations, shares[key], holds.Part(key, amount, asset, line.right_type, line.territory,
                                                                   line.period, line.source, line.source_label, rid)))
        labels[line.source] = line.source_label
        events.append({"props": {
            "eventId": f"{sid}:{line.line}", "statementId": sid, "line": line.line, "source": line.source,
            "usageType": line.usage_type, "rightType": line.right_type, "territory": line.territory,
            "period": line.period, "units": line.units, "grossMicro": micro, "currency": currency,
            **converter.original_fields(line), **identifiers[line.line].event_props(), **match.event_props(),
            "allocationStatus": "unmatched" if asset is None else status, "title": line.title, "artist": line.artist},
            "allocations": allocations})

    for (allocations, share, part), routed in zip(owned, holds.route(tx, currency, [p for _, _, p in owned],
                                                                  known_accounts=cache.accounts)):
        for credit in routed:  # wallet, frozen (dispute) or advance receivable (recoupment)
            credits[credit.account_id] += credit.amount
            allocations.append(credit.edge(share))
        rollup = rollups[(part.participant_id, part.period, part.source, part.recording_id, part.right_type)]
        rollup[0] += part.amount
        rollup[1] += sum(c.amount for c in routed if c.hold == "recoupment")

    total = sum(micro for _, micro in lines)
    postings = [{"accountId": a, "amount": amt} for a, amt in sorted(credits.items())]
    postings.append({"accountId": source, "amount": -total})
    entry_id = ledger.post(tx, f"statement:{sid}:batch:{batch_no}", "royalty_allocation", postings,
                           f"{statement['source']} statement {statement.get('filename')} batch {batch_no}",
                           statement_id=sid)
    write_events(tx, events, entry_id)
    if issues:
        run(tx, "allocation/write_issues", statementId=sid,
            issues=[{"line": i.line, "field": i.field, "message": i.message, "raw": i.raw} for i in issues])
    income_rollups.add(tx, entry_id, [
        {"participantId": pid, "period": period, "source": src, "sourceLabel": labels[src], "recordingId": rid,
         "rightType": right, "currency": currency, "amount": amount, "recouped": recouped}
        for (pid, period, src, rid, right), (amount, recouped) in rollups.items()])
    read, rejected = (0, len(issues) - len(lines)) if late else (len(lines) + len(issues), len(issues))
    done = run(tx, "allocation/batch_done", statementId=sid, batch=batch_no, read=read,
               matched=matched, unmatched=unmatched, rejected=rejected,
               periods=sorted({line.period for line, _ in lines}))
    if not done:
        raise BatchAlreadyPosted(f"statement {sid} is past batch {batch_no}: another run posted it")
    return BatchResult(read, matched, unmatched, rejected, total, credits.get(suspense, 0))


def owner_key(asset_id: str, line: StatementLine) -> str:
    """The key under which ``resolve_owners`` keeps the owners of a line's asset, right type,
    sale month and territory."""
    return _owner_key(asset_id, line.right_type, line.period, line.territory)


def owner_query(asset_id: str, right_type: str, period: str, country: str) -> dict:
    """The ``resolve_owners`` query for an asset's right type in a sale month ('YYYY-MM') and
    country: ``{key (as owner_key), assetId, rightType, date (the month's first day), country}``."""
    return {"key": _owner_key(asset_id, right_type, period, country), "assetId": asset_id,
            "rightType": right_type, "date": dt.date.fromisoformat(period + "-01"), "country": country}


def _owner_key(asset_id: str, right_type: str, period: str, country: str) -> str:
    return f"{asset_id}|{right_type}|{period}|{country}"


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
