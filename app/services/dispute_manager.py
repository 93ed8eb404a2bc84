"""DisputeManager: the money of a disputed work or recording while the dispute is open, and where
it goes when it closes (issue 5 item 4). Called by ``app.services.disputes`` in the transaction
of each status change (same transaction, audited).

* **Who and what is held.** While a dispute is open or in review, the income of the asset it is
  ABOUT (its right type; every right when it has none) is held for the dispute's *parties* —
  the participant who raised it and the participants it involves: the disputed share is
  theirs, so co-owners outside the dispute keep being paid. Arriving income of a party goes to
  its ``frozen`` account (``holds.route``), which the wallet's available balance excludes.
* **Opening** (``on_opened``), when ``RIGHTSGRAPH_FREEZE_CREDITED`` is true (the default): the
  asset's income already credited to a party's wallet during the last
  ``RIGHTSGRAPH_FREEZE_LOOKBACK_DAYS`` days (default 365; by posting time) is moved wallet →
  frozen (entry ``dispute_freeze``), never more than the wallet's balance at that moment (its
  available money, read under the wallet's lock). Income already paid out or pending payout is
  not clawed back: only what is still in the wallet is frozen, the shortfall is recorded in the
  AuditEvent (``shortfallMicro``), and a resolution later re-allocates only what was frozen.
* **Resolution** (``on_closed(…, 'resolved')``): all money held under the dispute is
  re-allocated by the final split — the owners in force on the resolution date (after any split
  change the resolution applied, e.g. an approved change request) for the held income's right
  type and territory — exactly by largest remainder (``allocation.split_line``: an unowned rest
  goes to suspense), in one entry ``dispute_resolution``: the parties' frozen accounts are
  debited (the reversal of the holds) and the final owners credited, routed through
  ``holds.route`` (recoupment of their advances; another open dispute on the asset may hold it
  again). Income rollups move from the parties to the final owners.
* **Rejection** (``on_closed(…, 'rejected')``): the held money returns to the participants it
  was held for (entry ``dispute_release``): income that arrived frozen is routed as arriving
  income (so recoupment applies now), income moved out of the wallet returns to the wallet
  (it was already net of recoupment).
* Frozen amounts per dispute and participant: ``frozen`` (and cypher/holds/frozen.cypher).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from neo4j import ManagedTransaction

from app.money import format_amount, split_largest_remainder
from app.services import audit, holds, income_rollups, ledger
from app.services.allocation import SUSPENSE_KEY, resolve_owners, split_line
from app.services.catalog import ParticipantNotFound
from app.services.db import read, run, settings
from app.services.entities import missing_references

ACTIVE = ("open", "in_review")


def on_opened(tx: ManagedTransaction, dispute_ids: list[str], actor: str, now: dt.datetime | None = None) -> None:
    """Freeze the income already credited for each newly opened dispute (module docstring),
    when the settings say so; one ``dispute_freeze`` entry per dispute that moves money."""
    cfg = settings()
    if not cfg.freeze_credited:
        return
    now = now or dt.datetime.now(dt.timezone.utc)
    since = now - dt.timedelta(days=cfg.freeze_lookback_days)
    currency = cfg.wallet_currency
    for dispute_id in dispute_ids:
        rows = run(tx, "holds/credited_income", disputeId=dispute_id, currency=currency, since=since)
        if rows:
            _freeze(tx, dispute_id, currency, rows, since, actor)


def _freeze(tx: ManagedTransaction, dispute_id: str, currency: str, rows: list[dict], since: dt.datetime,
            actor: str) -> None:
    pids = sorted({r["participantId"] for r in rows})
    wallets = ledger.participant_accounts(tx, pids, currency)
    frozen = ledger.participant_accounts(tx, pids, currency, "frozen")
    held, credited, moved = [], {}, {}
    for pid in pids:
        mine = [r for r in rows if r["participantId"] == pid]
        credited[pid] = sum(r["amount"] for r in mine)
        balance = run(tx, "money/lock_account", accountId=wallets[pid])[0]["balance"]
        moved[pid] = max(0, min(credited[pid], balance))
        if not moved[pid]:
            continue
        amounts = split_largest_remainder(moved[pid], {str(i): r["amount"] for i, r in enumerate(mine)})
        for i, r in enumerate(mine):
            held.append(holds.hold_row(dispute_id, "moved", holds.Part(
                pid, 0, r["assetId"], r["rightType"], r["territory"], r["period"], r["source"], r["sourceLabel"],
                r["recordingId"]), amounts[str(i)]))
    postings = [p for pid in pids for p in ({"accountId": wallets[pid], "amount": -moved[pid]},
                                            {"accountId": frozen[pid], "amount": moved[pid]})]
    entry_id = ledger.post(tx, f"dispute:{dispute_id}:freeze:{currency}", "dispute_freeze", postings,
                           f"dispute {dispute_id}: credited income frozen", source_id=dispute_id)
    holds.record_dispute_holds(tx, currency, held)
    audit.record(tx, actor, "dispute.freeze", dispute_id, after={
        "currency": currency, "since": since.isoformat(), "entryId": entry_id, "creditedMicro": credited,
        "frozenMicro": moved, "shortfallMicro": {pid: credited[pid] - moved[pid] for pid in pids}})


def on_closed(tx: ManagedTransaction, dispute_id: str, status: str, actor: str, today: dt.date | None = None) -> None:
    """Re-allocate (``resolved``) or return (``rejected``) the money held under a dispute that
    just closed (module docstring); the dispute's status is already the final one in ``tx``."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    rows = [r["hold"] for r in run(tx, "holds/release_dispute_holds", disputeId=dispute_id, closedAs=status)]
    by_currency: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_currency[r["currency"]].append(r)
    for currency, held in sorted(by_currency.items()):
        if status == "resolved":
            _resolve(tx, dispute_id, currency, held, actor, today)
        else:
            _release(tx, dispute_id, currency, held, actor)


def _release(tx: ManagedTransaction, dispute_id: str, currency: str, held: list[dict], actor: str) -> None:
    """Return each hold to its participant: 'arrived' routed as arriving income, 'moved' without
    recoupment (one ``dispute_release`` entry)."""
    _post_closing(tx, dispute_id, currency, "dispute_release", [([h], [holds.hold_part(h)]) for h in held], actor)


def _resolve(tx: ManagedTransaction, dispute_id: str, currency: str, held: list[dict], actor: str,
             today: dt.date) -> None:
    """Re-split the held money by the owners in force on ``today`` (one ``dispute_resolution``
    entry): per held kind of income (origin, right type, territory, month, source, recording)
    the parties' holds are pooled and split by largest remainder."""
    pooled: dict[tuple, list[dict]] = defaultdict(list)
    for h in held:
        pooled[(h["origin"], h["assetId"], h["rightType"], h["territory"], h["period"], h["source"],
                h["recordingId"])].append(h)

    def query(asset: str, right: str, territory: str) -> dict:
        return {"key": f"{asset}|{right}|{today.isoformat()}|{territory}", "assetId": asset, "rightType": right,
                "date": today, "country": territory}
    owners = resolve_owners(tx, list({q["key"]: q for q in (query(*k[1:4]) for k in pooled)}.values()))
    targets, suspense_micro = [], 0
    for (_, asset, right, territory, *_), group in sorted(pooled.items(), key=lambda kv: str(kv[0])):
        _, parts = split_line(sum(h["amount"] for h in group), owners[query(asset, right, territory)["key"]])
        suspense_micro += parts.pop(SUSPENSE_KEY, 0)
        targets.append((group, [holds.hold_part(group[0], pid, amount) for pid, amount in parts.items()]))
    _post_closing(tx, dispute_id, currency, "dispute_resolution", targets, actor, suspense_micro, as_of=today)


def _post_closing(tx: ManagedTransaction, dispute_id: str, currency: str, kind: str, targets: list, actor: str,
                  suspense_micro: int = 0, as_of: dt.date | None = None) -> None:
    """Post a closing entry ``kind``: the holds' frozen accounts debited, the parts they become
    routed and credited (and ``suspense_micro`` to suspense); income rollups follow the money;
    audited as ``dispute.<release|resolution>``. ``targets``: ``[([hold], [Part])]``."""
    all_holds = [h for hs, _ in targets for h in hs]
    frozen = ledger.participant_accounts(tx, sorted({h["participantId"] for h in all_holds}), currency, "frozen")
    postings: dict[str, int] = defaultdict(int)
    rollups, before, after = [], defaultdict(int), defaultdict(int)
    for h in all_holds:
        postings[frozen[h["participantId"]]] -= h["amount"]
        before[h["participantId"]] += h["amount"]
    moves_income = kind == "dispute_resolution"  # from the parties' income to the final owners'
    for origin in ("arrived", "moved"):
        chosen = [(hs, parts) for hs, parts in targets if hs[0]["origin"] == origin]
        parts = [p for _, ps in chosen for p in ps]
        for part, credits in zip(parts, holds.route(tx, currency, parts, recoup=origin == "arrived", actor=actor)):
            for c in credits:
                postings[c.account_id] += c.amount
                after[c.participant_id] += c.amount
            rollups.append(_rollup(part, part.amount if moves_income else 0,
                                   sum(c.amount for c in credits if c.hold == "recoupment")))
        if moves_income:
            rollups += [_rollup(holds.hold_part(h), -h["amount"], 0) for hs, _ in chosen for h in hs]
    if suspense_micro:
        suspense, = ledger.ensure_platform_accounts(tx, currency, [("suspense", None)])
        postings[suspense] += suspense_micro
    entry_id = ledger.post(tx, f"dispute:{dispute_id}:{kind}:{currency}", kind,
                           [{"accountId": a, "amount": amt} for a, amt in sorted(postings.items())],
                           f"dispute {dispute_id}: {kind.replace('_', ' ')}", source_id=dispute_id)
    income_rollups.add(tx, entry_id, [{**r, "currency": currency} for r in rollups])
    audit.record(tx, actor, f"dispute.{kind.removeprefix('dispute_')}", dispute_id,
                 before={"currency": currency, "frozenMicro": dict(before)},
                 after={"currency": currency, "entryId": entry_id, "creditedMicro": dict(after),
                        "suspenseMicro": suspense_micro, "asOf": as_of.isoformat() if as_of else None})


def _rollup(part: holds.Part, amount: int, recouped: int) -> dict:
    return {"participantId": part.participant_id, "period": part.period, "source": part.source,
            "sourceLabel": part.source_label or part.source, "recordingId": part.recording_id,
            "rightType": part.right_type, "amount": amount, "recouped": recouped}


def frozen(currency: str | None = None, dispute_id: str | None = None,
           participant_id: str | None = None) -> list[dict]:
    """Money frozen under disputes now, per dispute and participant: ``[{disputeId,
    participantId, frozen, released}]`` (Decimals) in ``currency`` (default: the wallet
    currency), filtered by dispute and/or participant."""
    currency = currency or settings().wallet_currency
    rows = read(lambda tx: run(tx, "holds/frozen", currency=currency, disputeId=dispute_id,
                               participantId=participant_id))
    return [{"disputeId": r["disputeId"], "participantId": r["participantId"], "frozen": format_amount(r["amount"]),
             "released": format_amount(r["released"])} for r in rows]


def participant_disputes(participant_id: str) -> dict:
    """The ``/api/money/disputes/{participantId}`` payload in the wallet currency:
    ``{participantId, currency, disputes: [{disputeId, asset {type, id, title}, rightType,
    status, role ('raiser' | 'involved'), openedAt, updatedAt, closedAt, counterparties
    [{participantId, name, role}], frozenAmount (what this participant has frozen under it now),
    releasedAmount (what it had frozen and was released when it closed), reason}] (newest
    first), totals {frozenTotal, active, total}}``. Raises ParticipantNotFound."""
    currency = settings().wallet_currency

    def work(tx):
        if missing_references(tx, participant_ids=[participant_id])["participant"]:
            raise ParticipantNotFound(participant_id)
        return run(tx, "holds/participant_disputes", participantId=participant_id, currency=currency)
    rows = read(work)
    disputes = [{"disputeId": r["dispute"]["disputeId"], "asset": r["asset"], "rightType": r["dispute"]["rightType"],
                 "status": r["dispute"]["status"], "role": r["role"], "openedAt": r["dispute"]["openedAt"],
                 "updatedAt": r["dispute"]["updatedAt"], "closedAt": r["dispute"]["closedAt"],
                 "counterparties": r["counterparties"], "frozenAmount": format_amount(r["frozen"] or 0),
                 "releasedAmount": format_amount(r["released"] or 0), "reason": r["dispute"]["reason"]}
                for r in rows]
    return {"participantId": participant_id, "currency": currency, "disputes": disputes,
            "totals": {"frozenTotal": format_amount(sum(r["frozen"] or 0 for r in rows)),
                       "active": sum(d["status"] in ACTIVE for d in disputes), "total": len(disputes)}}
