"""Reallocation: recompute the allocation of RoyaltyEvents with the current catalog and rights,
and post the difference without editing history (issue 4 item 6; DESIGN.md "Money").

Used by the review queue actions (``app.services.review``), statement reprocessing and suspense
re-matching (``app.services.reprocessing``). One call handles one chunk of events in the caller's
transaction:

1. the events are locked and read with their *live* allocation (ALLOCATED edges neither reversed
   nor reversing), so concurrent reallocations of an event run one after the other (a long run
   first finds the events that would change without locking: ``changed``);
2. ``attribute(tx, events)`` decides each event's attribution fields (recording, match method…);
   the owners of its asset (``assetId``: a recording, or a work for publishing lines), right
   type, sale month and territory are resolved and its gross split exactly as allocation does it
   (``allocation.owner_query`` / ``resolve_owners`` / ``split_line``);
3. an event is *changed* when its parts (micro-units per participant, or suspense) differ from its
   live allocation's; only changed events move money. Per chunk and currency two journal entries:
   ``reversal`` (each live edge's account debited, the statement's source account credited back;
   its holds undone first by ``holds.unroute``: dispute holds, recoupment) and ``reallocation``
   (the source debited, the new parts credited, routed to accounts exactly as allocation routes
   them by ``holds.route``: wallet, frozen while disputed, advance receivable while recouping).
   Each balances; together they net to what moved between accounts;
4. the reversed edges get ``reversedBy: <reversal entryId>`` and a reversing twin (amount negated,
   ``reversal: true``), the new edges ``entryId`` and ``revision``: Σ ALLOCATED of an event is
   always its current allocation, so every query summing ALLOCATED stays right, and no edge is
   ever deleted;
5. the event's fields are updated and its ``revision`` bumped; an AuditEvent per touched event
   keeps before → after (attribution, parts, revision); the income rollups get the deltas
   (negative for the old parts); the statements' match counters are adjusted.

Idempotency: events are read under their lock, so a run that repeats a committed chunk finds
the new revisions and equal parts (nothing to do); the entries' idempotency keys are derived
from the chunk's (eventId, new revision) pairs, so replaying the same reallocation fails the
transaction (``ConstraintError``) instead of posting twice.

A reversal may leave a wallet negative when the money was already paid out: the negative
balance is the participant's debt, recovered from later income (payouts draw only on a positive
wallet).
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from neo4j import ManagedTransaction

from app.services import audit, holds, income_rollups, ledger
from app.services.allocation import SUSPENSE_KEY, owner_query, resolve_owners, split_line
from app.services.db import run

#: Event fields that say how an event is attributed (what an ``attribute`` callback may set,
#: with the review fields of ``app.services.review``); audited before → after.
MATCH_FIELDS = ("assetId", "recordingId", "matchMethod", "matchConfidence", "candidateRecordingId", "allocationStatus")

Attribute = Callable[[ManagedTransaction, list[dict]], dict[str, dict]]


@dataclass
class Run:
    """State shared by the chunks of one run (one reprocessing, one re-matching): the owners
    resolved so far (``resolve_owners`` cache) and source labels; never money."""

    owners: dict[str, dict[str, int]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)


@dataclass
class Tally:
    """What a chunk (or a run, summed with ``add``) did. ``events`` examined; ``changed``: events
    whose money moved; ``rematched``: events newly attributed to an asset; ``reversedMicro`` /
    ``postedMicro``: Σ of the old parts reversed / new parts posted (equal: an event's gross
    never changes); ``movedMicro``: Σ of the per-event gains (what changed hands);
    ``releasedMicro``: how much left suspense (negative when money went back to it); ``entries``:
    journal entry ids; ``statements``: the statements with an event changed (money or attribution)."""

    events: int = 0
    changed: int = 0
    rematched: int = 0
    reversed_micro: int = 0
    posted_micro: int = 0
    moved_micro: int = 0
    released_micro: int = 0
    entries: list[str] = field(default_factory=list)
    statements: set[str] = field(default_factory=set)

    def add(self, other: Tally) -> None:
        """Add another chunk's counts to this one."""
        for name in ("events", "changed", "rematched", "reversed_micro", "posted_micro", "moved_micro",
                     "released_micro"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.entries.extend(other.entries)
        self.statements |= other.statements


def asset_of(event: dict) -> str | None:
    """The asset whose owners an event pays: ``assetId`` (events written before works could be
    matched carry only ``recordingId``); None while unmatched or waiting for review."""
    return event.get("assetId") or event.get("recordingId")


def owners_query(event: dict) -> dict:
    """The ``resolve_owners`` query of a matched event (its asset, right type, sale month, territory)."""
    return owner_query(asset_of(event), event["rightType"], event["period"], event["territory"])


def changed(tx: ManagedTransaction, event_ids: list[str], attribute: Attribute, state: Run) -> list[str]:
    """The ids among ``event_ids`` that ``reallocate`` would change now (money or attribution),
    read without locking: the cheap first pass of a long run, so that only those are locked
    and reallocated (``reallocate`` decides again under the lock)."""
    rows = run(tx, "reallocation/events", eventIds=sorted(set(event_ids)))
    return [c.event_id for c in _plan(tx, rows, attribute, state)]


def reallocate(tx: ManagedTransaction, event_ids: list[str], attribute: Attribute, actor: str, action: str,
               state: Run | None = None) -> Tally:
    """Reallocate the events ``event_ids`` (unknown ids are skipped) in ``tx``.

    ``attribute(tx, events)`` gets the locked events (their properties) and returns ``{eventId:
    {field: value}}`` — the attribution fields to change (an event left out keeps its own);
    it may raise to roll the transaction back. ``action`` names the AuditEvents
    (``royalty.review.confirm``, ``statement.reprocess``…); ``state`` carries caches across the
    chunks of a run. Raises neo4j.exceptions.ConstraintError when this very reallocation was
    posted before (the transaction must roll back)."""
    state = state or Run()
    ids = sorted(set(event_ids))
    run(tx, "reallocation/lock_events", eventIds=ids)
    rows = run(tx, "reallocation/events", eventIds=ids)
    tally = Tally(events=len(rows))
    changes = _plan(tx, rows, attribute, state)
    if changes:
        _write(tx, changes, actor, action, state, tally)
    return tally


def _plan(tx: ManagedTransaction, rows: list[dict], attribute: Attribute, state: Run) -> list[_Change]:
    """The changes of the events read in ``rows``: new attribution, owners, parts; events whose
    money and attribution stay as they are left out."""
    events = [r["event"] for r in rows]
    fields = attribute(tx, events)
    after = [{**e, **fields.get(e["eventId"], {})} for e in events]
    queries = {q["key"]: q for q in (owners_query(e) for e in after if asset_of(e))}
    owners = resolve_owners(tx, list(queries.values()), state.owners)
    changes = []
    for row, new in zip(rows, after):
        shares = owners[owners_query(new)["key"]] if asset_of(new) else {}
        status, parts = (split_line(new["grossMicro"], shares) if asset_of(new)
                         else ("unmatched", {SUSPENSE_KEY: new["grossMicro"]}))
        new["allocationStatus"] = status
        old = row["event"]
        moved = _nonzero(parts) != _parts(row["allocations"])
        touched = set(fields.get(old["eventId"], {})) | {"allocationStatus"}
        if moved or any(new.get(k) != old.get(k) for k in touched):
            changes.append(_Change(row, new, parts if moved else None, shares))
    return changes


@dataclass
class _Change:
    row: dict            # the locked row: event (before), statementSource, allocations (live edges)
    new: dict            # the event's properties after
    parts: dict | None   # new parts when its money moves, else None
    shares: dict         # the owners' shares the parts were split by

    @property
    def event_id(self) -> str:
        return self.row["event"]["eventId"]


def _parts(allocations: list[dict]) -> dict[str, int]:
    """Live allocation as parts: micro-units per participant (whatever its account: wallet,
    frozen, advance receivable), SUSPENSE_KEY for suspense, the account id for any other."""
    parts: dict[str, int] = defaultdict(int)
    for al in allocations:
        key = al["participantId"] or (SUSPENSE_KEY if al["kind"] == "suspense" else al["accountId"])
        parts[key] += al["amount"]
    return _nonzero(parts)


def _nonzero(parts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in parts.items() if v}


def _write(tx: ManagedTransaction, changes: list[_Change], actor: str, action: str, state: Run,
           tally: Tally) -> None:
    """Post, write the edges and fields, roll up, count and audit the changed events of a chunk."""
    revisions = {c.event_id: (c.row["event"].get("revision") or 0) + 1 for c in changes}
    pairs = "|".join(f"{eid}#{rev}" for eid, rev in sorted(revisions.items()))
    digest = hashlib.sha256(pairs.encode()).hexdigest()[:32]
    _labels(tx, {c.new["source"] for c in changes}, state)
    statements = {c.row["event"]["statementId"] for c in changes}
    by_currency: dict[str, list[_Change]] = defaultdict(list)
    for c in changes:
        if c.parts is not None:
            by_currency[c.new["currency"]].append(c)
    edges: dict[str, list[dict]] = defaultdict(list)  # eventId → new ALLOCATED edges {accountId, props}
    reversal_of: dict[str, str | None] = {}
    for currency, group in sorted(by_currency.items()):
        reversal, new = _move(tx, currency, group, edges, f"reallocation:{digest}:{currency}", actor, action,
                              next(iter(statements)) if len(statements) == 1 else None, state)
        tally.entries += [e for e in (reversal, new) if e]
        reversal_of.update((c.event_id, reversal) for c in group)

    writes, audits, matched = [], [], defaultdict(int)
    for c in changes:
        old, new, eid = c.row["event"], c.new, c.event_id
        revision = revisions[eid]
        setting = {k: new.get(k) for k in new if new.get(k) != old.get(k)} | {"revision": revision}
        writes.append({"eventId": eid, "set": setting, "reversalEntryId": reversal_of.get(eid),
                       "allocations": [{"accountId": e["accountId"], "props": {**e["props"], "revision": revision}}
                                       for e in edges[eid]]})
        old_parts = _parts(c.row["allocations"])
        new_parts = old_parts if c.parts is None else _nonzero(c.parts)
        audits.append((eid, {**{k: old.get(k) for k in MATCH_FIELDS}, "revision": old.get("revision") or 0,
                             "parts": old_parts},
                       {**{k: new.get(k) for k in MATCH_FIELDS}, "revision": revision, "parts": new_parts}))
        tally.statements.add(old["statementId"])
        matched[old["statementId"]] += bool(asset_of(new)) - bool(asset_of(old))
        tally.rematched += bool(asset_of(new)) and not asset_of(old)
        if c.parts is None:
            continue
        tally.changed += 1
        tally.reversed_micro += sum(old_parts.values())
        tally.posted_micro += sum(new_parts.values())
        tally.moved_micro += sum(max(0, v - old_parts.get(k, 0)) for k, v in new_parts.items())
        tally.released_micro += old_parts.get(SUSPENSE_KEY, 0) - new_parts.get(SUSPENSE_KEY, 0)
    run(tx, "reallocation/apply", events=writes)
    run(tx, "reallocation/adjust_statements",
        rows=[{"statementId": sid, "matched": n} for sid, n in sorted(matched.items()) if n])
    audit.record_many(tx, actor, action, audits)


def _move(tx: ManagedTransaction, currency: str, changes: list[_Change], edges: dict[str, list[dict]], key: str,
          actor: str, action: str, statement_id: str | None, state: Run) -> tuple[str | None, str | None]:
    """Reverse the live allocation of ``changes`` (one currency) and post their new parts: the
    reversal and reallocation entries (their ids, None when one moves nothing), the new
    ALLOCATED edges added to ``edges`` (reversing twins, then the new allocation) and the income
    rollups' deltas. The holds of the old edges are undone (``holds.unroute``: dispute holds,
    recoupment) and the new parts routed as allocation routes them (``holds.route``: wallet,
    frozen while disputed, advance receivable while recouping)."""
    old = [(c, al) for c in changes for al in c.row["allocations"]]
    debit = holds.unroute(tx, currency, [{**al, "eventId": c.event_id, "assetId": asset_of(c.row["event"]),
                                          **{k: c.row["event"].get(k) for k in _PART_FIELDS}} for c, al in old],
                          actor=actor)
    owned = [(c, pid, amount) for c in changes for pid, amount in sorted(c.parts.items())
             if pid != SUSPENSE_KEY and amount]
    routed = holds.route(tx, currency, [
        holds.Part(pid, amount, asset_of(c.new), c.new["rightType"], c.new.get("territory"), c.new["period"],
                   c.new["source"], state.labels[c.new["source"]], c.new.get("recordingId"))
        for c, pid, amount in owned], actor=actor)
    names = sorted({c.row["statementSource"] for c in changes})
    sources = dict(zip(names, ledger.ensure_platform_accounts(tx, currency, [("source", n) for n in names])))
    suspense, = ledger.ensure_platform_accounts(tx, currency, [("suspense", None)])

    back, forth = defaultdict(int), defaultdict(int)
    for (c, al), account in zip(old, debit):
        back[account] -= al["amount"]
        back[sources[c.row["statementSource"]]] += al["amount"]
    new_edges: list[tuple[_Change, str, dict]] = []  # (change, accountId, props without entryId)
    for c in changes:
        if c.parts.get(SUSPENSE_KEY):
            new_edges.append((c, suspense, {"amount": c.parts[SUSPENSE_KEY], "share": None}))
    for (c, pid, _), credits in zip(owned, routed):
        for credit in credits:
            props = credit.edge(c.shares.get(pid))
            new_edges.append((c, props.pop("accountId"), props))
    for c, account, props in new_edges:
        forth[account] += props["amount"]
        forth[sources[c.row["statementSource"]]] -= props["amount"]

    memo = f"{action}: {len(changes)} event(s)"
    source_id = changes[0].event_id if len(changes) == 1 else None
    reversal = ledger.post(tx, f"{key}:reversal", "reversal", _postings(back), f"{memo}, old allocation reversed",
                           statement_id=statement_id, source_id=source_id)
    entry = ledger.post(tx, f"{key}:reallocation", "reallocation", _postings(forth), f"{memo}, new allocation",
                        statement_id=statement_id, source_id=source_id)
    for (c, al), account in zip(old, debit):
        twin = {k: v for k, v in al["props"].items() if k != "reversedBy"}
        edges[c.event_id].append({"accountId": account, "props": {
            **twin, "amount": -al["amount"], "reversal": True, "entryId": reversal}})
    for c, account, props in new_edges:
        edges[c.event_id].append({"accountId": account, "props": {**props, "entryId": entry}})
    income_rollups.add(tx, reversal, [_rollup_row(c.row["event"], al["participantId"], -al["amount"],
                                                  -al["amount"] if al["props"].get("hold") == "recoupment" else 0,
                                                  state) for c, al in old if al["participantId"]])
    income_rollups.add(tx, entry, [_rollup_row(c.new, props["participantId"], props["amount"],
                                               props["amount"] if props.get("hold") == "recoupment" else 0, state)
                                   for c, _, props in new_edges if props.get("participantId")])
    return reversal, entry


#: The event fields ``holds.unroute`` reads beside an edge's own.
_PART_FIELDS = ("rightType", "territory", "period", "source", "recordingId")


def _postings(amounts: dict[str, int]) -> list[dict]:
    return [{"accountId": a, "amount": amount} for a, amount in sorted(amounts.items())]


def _rollup_row(event: dict, participant_id: str, amount: int, recouped: int, state: Run) -> dict:
    """An income rollup row (``income_rollups.add``) of a participant's part of an event."""
    return {"participantId": participant_id, "period": event["period"], "source": event["source"],
            "sourceLabel": state.labels[event["source"]], "recordingId": event.get("recordingId"),
            "rightType": event["rightType"], "currency": event["currency"], "amount": amount, "recouped": recouped}


def _labels(tx: ManagedTransaction, sources: set[str], state: Run) -> None:
    """Fill ``state.labels`` for ``sources`` (the label the rollups recorded, else the slug)."""
    missing = sorted(sources - set(state.labels))
    if missing:
        found = {r["source"]: r["sourceLabel"] for r in run(tx, "reallocation/source_labels", sources=missing)}
        state.labels.update({s: found.get(s, s) for s in missing})
