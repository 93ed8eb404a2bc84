"""Payout runs: hand approved payouts to the payout provider in batches (one per currency).

A run is resumable and never sends a payout twice:

1. one transaction claims the approved payouts (under their write locks): a PayoutBatch per
   currency (status ``submitting``) and the payouts moved to ``processing`` in it, audited;
2. the provider submits each batch (app.services.payout_providers; idempotent per batch id);
3. one transaction per batch records the receipt: the batch ``submitted`` with its file's
   location and sha256, each accepted payout's provider reference, and the refused payouts
   ``failed`` (their money back in the wallet).

A run that stopped between 1 and 3 left its batch ``submitting``: the next run submits that
batch again first. The provider's final word per payout (paid | failed) comes later through
app.services.payouts.transition (``PATCH /api/payouts/{id}``, ``rightsgraph payouts confirm``).
"""
from __future__ import annotations

from collections import defaultdict

from app.money import format_amount, from_micro
from app.services import audit, payouts
from app.services.catalog import UnknownEntity
from app.services.db import read, run, write
from app.services.ids import reserve_ids
from app.services.payout_providers import PayoutBatchRequest, PayoutInstruction, PayoutProvider, provider


def run_payouts(actor: str, currency: str | None = None, payout_ids: list[str] | None = None,
                via: PayoutProvider | None = None) -> list[dict]:
    """Submit the batches a stopped run left, then every approved payout (of ``currency``, or
    only ``payout_ids``) to the provider ``via`` (default: the configured one). Returns the
    batches submitted, each as ``get_batch`` gives it. Raises UnknownEntity (a payout) /
    TransitionNotAllowed when a listed payout does not exist or is not approved (nothing claimed)."""
    via = via or provider()
    unfinished = [b["batch"]["batchId"] for b in read(lambda tx: run(tx, "payouts/batches", batchIds=None))]
    claimed = write(_claim, actor, via.name, currency, payout_ids)
    for batch_id in unfinished + claimed:
        _submit(batch_id, via, actor)
    return [get_batch(batch_id) for batch_id in unfinished + claimed]


def _claim(tx, actor: str, provider_name: str, currency: str | None, payout_ids: list[str] | None) -> list[str]:
    """Open one batch per currency for the approved payouts and move them to processing."""
    ids = payout_ids or [r["payoutId"] for r in run(tx, "payouts/approved", currency=currency)]
    locked = [r["payout"] for r in run(tx, "payouts/lock", payoutIds=ids)]
    if payout_ids:  # each listed payout must exist; payouts.move refuses one that is not approved
        if missing := sorted(set(payout_ids) - {p["payoutId"] for p in locked}):
            raise UnknownEntity("payout", missing[0])
    else:  # approved when listed, but another run may have claimed it before the lock
        locked = [p for p in locked if p["status"] == "approved"]
    by_currency: dict[str, list[dict]] = defaultdict(list)
    for p in locked:
        by_currency[p["currency"]].append(p)
    batch_ids = reserve_ids(tx, "payout_batch", len(by_currency))
    for batch_id, (cur, group) in zip(batch_ids, sorted(by_currency.items())):
        total = sum(p["amount"] for p in group)
        run(tx, "payouts/create_batch", payoutIds=[p["payoutId"] for p in group], batch={
            "batchId": batch_id, "provider": provider_name, "currency": cur, "count": len(group), "total": total,
            "createdBy": actor})
        payouts.move(tx, group, "processing", actor, {"batchId": batch_id})
        audit.record(tx, actor, "payout_batch.open", batch_id, after={
            "provider": provider_name, "currency": cur, "count": len(group), "total": from_micro(total),
            "payoutIds": [p["payoutId"] for p in group]})
    return batch_ids


def _submit(batch_id: str, via: PayoutProvider, actor: str) -> None:
    """Submit one batch to the provider and record its receipt (step 2 and 3)."""
    row = read(lambda tx: run(tx, "payouts/batches", batchIds=[batch_id]))[0]
    batch = row["batch"]
    receipt = via.submit(PayoutBatchRequest(batch_id, batch["currency"], tuple(
        PayoutInstruction(p["payoutId"], p["participantId"], format_amount(p["amount"]), p["currency"],
                          p["methodId"], p["methodType"], p["methodLabel"], p["externalRef"])
        for p in row["payouts"])))

    def record(tx):
        run(tx, "payouts/finish_batch", batchId=batch_id, location=receipt.location, sha256=receipt.sha256)
        results = {r.payout_id: r for r in receipt.results}
        locked = [r["payout"] for r in run(tx, "payouts/lock", payoutIds=sorted(results))]
        for payout in locked:
            result = results[payout["payoutId"]]
            if payout["status"] != "processing":
                continue  # already confirmed by a previous record of this batch
            if result.accepted:
                run(tx, "payouts/set_status", payoutIds=[payout["payoutId"]], status="processing",
                    props={"providerReference": result.reference})
            else:
                payouts.move(tx, [payout], "failed", actor, {"failureReason": result.error},
                             note=f"refused by the {via.name} provider")
        audit.record(tx, actor, "payout_batch.submit", batch_id, before={"status": batch["status"]}, after={
            "status": "submitted", "location": receipt.location, "sha256": receipt.sha256,
            "refused": sorted(r.payout_id for r in receipt.results if not r.accepted)})
    write(record)


def get_batch(batch_id: str) -> dict:
    """``{batchId, provider, currency, status, count, total (Decimal), location, sha256,
    createdBy, createdAt, submittedAt, payoutIds}``. Raises UnknownEntity."""
    rows = read(lambda tx: run(tx, "payouts/batches", batchIds=[batch_id]))
    if not rows:
        raise UnknownEntity("payout batch", batch_id)
    batch = rows[0]["batch"]
    return {**batch, "total": format_amount(batch["total"]), "payoutIds": [p["payoutId"] for p in rows[0]["payouts"]]}
