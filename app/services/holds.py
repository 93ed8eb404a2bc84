"""Holds: where a participant's part of income actually goes (DESIGN.md "The main flow", step 3:
"applying frozen holds and recoupment").

``route`` is the one place that maps a participant's part of a line of income to ledger
accounts. Every writer that credits income to participants calls it in its posting
transaction: statement allocation (``allocation.allocate_batch``), reallocation (reprocessing,
review relinks, suspense re-matching) and the dispute manager when it releases or re-allocates
frozen money. The rules, in order:

1. **Dispute freeze.** A part is credited to the participant's ``frozen`` account, not the
   wallet, while a dispute is open or in review that is ABOUT the asset the part's owners were
   resolved on (the recording for master lines, the work for publishing lines matched to a
   work), for the part's right type (a dispute without a right type covers every right of the
   asset), and the participant is a party to it — its raiser or a participant it involves.
   Co-owners outside the dispute keep being paid: only the disputed share is held. When several
   disputes qualify, the oldest (lowest id) holds the part. Each hold is kept per dispute in a
   ``DisputeHold`` row (``record_dispute_holds``), which the dispute manager releases or
   re-allocates when the dispute closes. Frozen income is not recouped while frozen: recoupment
   applies when it is released (the money is not the participant's until then).
2. **Recoupment.** Otherwise, while the participant has an active advance in the part's currency
   whose buckets cover the part's right type, ``recoupPercentOfNetRoyalties`` of the part goes to
   the participant's ``advance_receivable`` account until the advance is recouped
   (``advances.Recoupment``: exact to the micro-unit over any number of lines and statements,
   never past the remaining amount).
3. The rest goes to the wallet.

The ALLOCATED edge of a part names the account that got the money and why:
``Credit.edge()`` → ``{accountId, amount, share, participantId, hold: None | 'dispute' |
'recoupment', disputeId, advanceId}``.

Concurrency: the disputes and advances a call routes to are write-locked in its transaction
(their state is read under the lock), so a dispute cannot close, nor an advance be recouped
twice, while another transaction routes income to it.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from neo4j import ManagedTransaction

from app.services import advances, ledger
from app.services.db import run

HOLDS = ("dispute", "recoupment")
SYSTEM_ACTOR = "system:allocation"


@dataclass(frozen=True)
class Part:
    """One participant's part of a line of income, before holds: ``amount`` in signed
    micro-units; ``asset_id`` the work or recording whose owners the part comes from (None for
    money of no asset); the line's right type, territory (country code), sale ``period``
    ('YYYY-MM'), source and its label, and ``recording_id`` (for the income rollups)."""

    participant_id: str
    amount: int
    asset_id: str | None
    right_type: str
    territory: str | None
    period: str
    source: str
    source_label: str | None = None
    recording_id: str | None = None


@dataclass(frozen=True)
class Credit:
    """Money credited to one account for a part: ``hold`` None (the wallet), 'dispute' (the
    frozen account, ``dispute_id`` set) or 'recoupment' (the advance receivable, ``advance_id``
    set); ``amount`` in signed micro-units."""

    participant_id: str
    account_id: str
    amount: int
    hold: str | None = None
    dispute_id: str | None = None
    advance_id: str | None = None

    def edge(self, share: int | None = None) -> dict:
        """The properties of the ALLOCATED edge for this credit (``share``: the owner's share in
        millionths), with ``accountId``."""
        return {"accountId": self.account_id, "amount": self.amount, "share": share,
                "participantId": self.participant_id, "hold": self.hold, "disputeId": self.dispute_id,
                "advanceId": self.advance_id}


def route(tx: ManagedTransaction, currency: str, parts: list[Part], *, recoup: bool = True,
          actor: str = SYSTEM_ACTOR, known_accounts: dict[tuple[str, str, str], str] | None = None
          ) -> list[list[Credit]]:
    """Route each part (module docstring rules) and record the holds in ``tx``; returns, per
    part in order, the credits it becomes (one or two, summing to the part; a zero part is one
    zero credit to the wallet, so its owner still has an ALLOCATED edge). The caller posts them
    in the same transaction (a journal entry crediting each ``account_id``) and writes the
    ALLOCATED edges from ``Credit.edge``.

    ``recoup`` False skips rule 2 for money already net of recoupment (e.g. income moved out of a
    wallet when a dispute opened, now returned); if another dispute holds it, its hold is
    recorded with origin 'moved' so it is not recouped on release either. Accounts are opened
    as needed; ``known_accounts`` is a run's cache of them (``ledger.participant_accounts``).
    Side effects in ``tx``: DisputeHold rows and recoupment progress of advances (an advance
    recouped in full is audited as ``actor``)."""
    if not parts:
        return []
    disputes = active_disputes(tx, sorted({p.asset_id for p in parts if p.asset_id}))
    holder = [_holding_dispute(p, disputes) for p in parts]
    free = sorted({p.participant_id for p, d in zip(parts, holder) if d is None and p.amount})
    recoupments = advances.lock_recoupments(tx, free, currency) if recoup and free else {}

    taken = []
    for part, dispute in zip(parts, holder):
        r = recoupments.get(part.participant_id)
        covered = dispute is None and r is not None and part.right_type in r.right_types
        taken.append(r.take(part.amount) if covered else 0)

    def accounts(kind: str, pids: set[str]) -> dict[str, str]:
        return ledger.participant_accounts(tx, sorted(pids), currency, kind, known_accounts) if pids else {}

    frozen_part = [bool(d and p.amount) for p, d in zip(parts, holder)]
    wallets = accounts("wallet", {p.participant_id for p, f, t in zip(parts, frozen_part, taken)
                                  if not f and (p.amount != t or not t)})
    frozen = accounts("frozen", {p.participant_id for p, f in zip(parts, frozen_part) if f})
    receivable = accounts("advance_receivable", {p.participant_id for p, t in zip(parts, taken) if t})

    routed, held = [], []
    for part, dispute, take in zip(parts, holder, taken):
        pid = part.participant_id
        credits = []
        if part.amount and dispute is not None:
            credits.append(Credit(pid, frozen[pid], part.amount, "dispute", dispute_id=dispute))
            held.append(hold_row(dispute, "arrived" if recoup else "moved", part, part.amount))
        else:
            if take:
                credits.append(Credit(pid, receivable[pid], take, "recoupment",
                                      advance_id=recoupments[pid].advance_id))
            if part.amount != take or not take:  # a zero part keeps its (zero) wallet edge
                credits.append(Credit(pid, wallets[pid], part.amount - take))
        routed.append(credits)
    record_dispute_holds(tx, currency, held)
    advances.save_recoupments(tx, list(recoupments.values()), actor)
    return routed


def _holding_dispute(part: Part, disputes: dict[str, list[dict]]) -> str | None:
    """The dispute that freezes ``part`` (rule 1), or None."""
    for d in disputes.get(part.asset_id or "", ()):
        if d["rightType"] in (None, part.right_type) and part.participant_id in d["parties"]:
            return d["disputeId"]
    return None


def active_disputes(tx: ManagedTransaction, asset_ids: list[str]) -> dict[str, list[dict]]:
    """Open or in-review disputes about these assets, write-locked and read under the lock:
    ``{assetId: [{disputeId, rightType, parties (set of participantIds)}]}`` oldest first. Only
    disputes about the assets are locked (one cheap read of all active disputes picks them)."""
    if not asset_ids:
        return {}
    wanted = set(asset_ids)
    ids = sorted({r["disputeId"] for r in run(tx, "holds/active_dispute_assets") if r["assetId"] in wanted})
    out: dict[str, list[dict]] = defaultdict(list)
    for row in run(tx, "holds/active_disputes", disputeIds=ids) if ids else ():
        if row["status"] in ("open", "in_review"):
            out[row["assetId"]].append({"disputeId": row["disputeId"], "rightType": row["rightType"],
                                        "parties": set(row["parties"])})
    return out


def hold_row(dispute_id: str, origin: str, part: Part, amount: int) -> dict:
    """A DisputeHold row for ``record_dispute_holds``: ``amount`` micro-units of ``part``'s kind of
    income frozen under ``dispute_id``; ``origin`` 'arrived' (frozen as it arrived) or 'moved'
    (moved out of the wallet when the dispute opened)."""
    return {"disputeId": dispute_id, "participantId": part.participant_id, "origin": origin,
            "assetId": part.asset_id, "rightType": part.right_type, "territory": part.territory,
            "period": part.period, "source": part.source, "sourceLabel": part.source_label,
            "recordingId": part.recording_id, "amount": amount}


def hold_part(hold: dict, participant_id: str | None = None, amount: int | None = None) -> Part:
    """The Part a DisputeHold row (``hold_row``'s shape) stands for — for ``participant_id`` and
    ``amount`` when given (a re-allocation to another owner), else the hold's own."""
    return Part(participant_id or hold["participantId"], hold["amount"] if amount is None else amount,
                hold["assetId"], hold["rightType"], hold["territory"], hold["period"], hold["source"],
                hold["sourceLabel"], hold["recordingId"])


def record_dispute_holds(tx: ManagedTransaction, currency: str, rows: list[dict]) -> None:
    """Add ``rows`` (``hold_row``'s shape; amounts signed) to the DisputeHold rows of their
    disputes in ``currency`` (one row per dispute × participant × origin × right type ×
    territory × month × source × recording). No AuditEvent: the money is recorded by the entry
    that posts it and its ALLOCATED edges (hold 'dispute'); the dispute manager audits the
    freezes and closings it makes."""
    summed: dict[str, dict] = {}
    for r in rows:
        key = "|".join(str(r[k]) for k in ("disputeId", "participantId", "origin", "assetId", "rightType",
                                            "territory", "period", "source", "recordingId")) + f"|{currency}"
        summed.setdefault(key, {**r, "key": key, "currency": currency, "amount": 0})["amount"] += r["amount"]
    rows = [r for r in summed.values() if r["amount"]]
    if not rows:
        return
    run(tx, "holds/add_dispute_holds", rows=rows)


def unroute(tx: ManagedTransaction, currency: str, edges: list[dict], *, actor: str = SYSTEM_ACTOR) -> list[str]:
    """Undo the holds of live ALLOCATED edges that a reallocation reverses, in ``tx``; returns,
    per edge in order, the account to debit for its reversal.

    ``edges``: ``[{eventId, accountId, amount, participantId, hold, disputeId, advanceId}]``
    plus the event's ``assetId``, ``rightType``, ``territory``, ``period``, ``source``,
    ``recordingId``. A 'dispute' edge whose dispute is still active is taken off its DisputeHold
    (debit: the frozen account, as credited); once the dispute has closed, its frozen money was
    released or re-allocated, so the reversal is taken from the participant's wallet (a wallet
    may go negative: the debt is recovered from later income). A 'recoupment' edge is taken off
    its advance's recouped amount (the advance becomes active again if it had been recouped),
    and the participant's whole part of that event off its recoupment basis."""
    active = {d["disputeId"] for ds in active_disputes(
        tx, sorted({e["assetId"] for e in edges if e.get("hold") == "dispute" and e.get("assetId")})).values()
        for d in ds}
    held, out = [], []
    closed = sorted({e["participantId"] for e in edges if e.get("hold") == "dispute" and e["disputeId"] not in active})
    wallets = ledger.participant_accounts(tx, closed, currency) if closed else {}
    for e in edges:
        if e.get("hold") == "dispute" and e["disputeId"] in active:
            part = Part(e["participantId"], e["amount"], e.get("assetId"), e["rightType"], e.get("territory"),
                        e["period"], e["source"], None, e.get("recordingId"))
            held.append(hold_row(e["disputeId"], "arrived", part, -e["amount"]))
        out.append(wallets[e["participantId"]] if e.get("hold") == "dispute" and e["disputeId"] not in active
                   else e["accountId"])
    record_dispute_holds(tx, currency, held)
    parts_of: dict[tuple, int] = defaultdict(int)
    for e in edges:
        if e.get("participantId"):
            parts_of[(e["eventId"], e["participantId"])] += e["amount"]
    advances.unrecoup(tx, [{"advanceId": e["advanceId"], "recouped": e["amount"],
                            "basis": parts_of[(e["eventId"], e["participantId"])]}
                           for e in edges if e.get("hold") == "recoupment"], actor)
    return out
