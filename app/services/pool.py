"""The central broadcast pool (issue 6 items 5, 6, 8): its accounts and the admin views.

The pool of a currency is every ledger account of platform kind ``pool`` in it:

* ``ACC-POOL-<CUR>`` — money charged to stations that is not allocated to anyone (no owner, a
  conflict, the share of a reciprocal mandate held by a society that is no partner);
* ``ACC-POOL-<participantId>-<CUR>`` — a self-published participant's (or a publisher's own)
  entitlement, or a partner society's reciprocal collections (issue 7: never withdrawn, moved
  by royalty cycles);
* ``ACC-POOL-<publisherId>-FOR-<artistId>-<CUR>`` — what a publisher holds for a signed artist.

So the central pool balance is the sum of those accounts: a play's charge credits the pool
(station → pool accounts) and a withdrawal debits it (pool account → wallet). Entitlement
accounts carry ``holderId`` (who may draw them) and ``forParticipantId``.
"""
from __future__ import annotations

import datetime as dt

from neo4j import ManagedTransaction

from app.money import format_amount
from app.services import ledger
from app.services.db import read, run

#: Journal entry kinds that move money into, out of or inside the pool.
POOL_ENTRY_KINDS = ("play_charge", "play_reallocation", "withdrawal")
#: Where royalty cycles (issue 7) moved pool money: partner payables, admin fees, remittances.
RECIPROCAL_KEYS = ("partnerPayables", "adminFeeIncome", "remittanceClearing", "withholdingTax", "remitted")


def qualifier(payee_id: str | None, for_id: str | None = None) -> str | None:
    """The ledger qualifier of a pool account: None (unallocated), the payee, or
    ``<publisher>-FOR-<artist>``."""
    if payee_id is None:
        return None
    return f"{payee_id}-FOR-{for_id}" if for_id else payee_id


def account_id(currency: str, payee_id: str | None = None, for_id: str | None = None) -> str:
    """``ACC-POOL-GHS``, ``ACC-POOL-PART-000001-GHS``, ``ACC-POOL-PART-000009-FOR-PART-000001-GHS``."""
    return ledger.platform_account("pool", currency, qualifier(payee_id, for_id))


def ensure_accounts(tx: ManagedTransaction, currency: str, payees: set[tuple[str | None, str | None]]) -> None:
    """Open the pool accounts of ``payees`` ``{(payeeId|None, forParticipantId|None)}`` in
    ``currency`` that do not exist, and name their holders."""
    ordered = sorted(payees, key=lambda p: (p[0] or "", p[1] or ""))
    ledger.ensure_platform_accounts(tx, currency, [("pool", qualifier(*p)) for p in ordered])
    run(tx, "broadcast/tag_pool_accounts", accounts=[
        {"accountId": account_id(currency, payee, for_id), "holderId": payee, "forParticipantId": for_id}
        for payee, for_id in ordered if payee is not None])


def lock_accounts(tx: ManagedTransaction, account_ids: set[str]) -> dict[str, int]:
    """Take the accounts' write locks in id order (no deadlock between writers) and return
    their balances read under the locks."""
    return {r["accountId"]: r["balance"] for r in run(tx, "broadcast/lock_accounts", accountIds=sorted(account_ids))}


def summary(currency: str) -> dict:
    """The pool and where the money of ``currency`` sits (Decimals): ``{currency, balance,
    unallocated, entitlements, payees, stations, deposited, withdrawn, wallets, pendingPayouts,
    payoutsPaid, reciprocal: {partnerPayables, adminFeeIncome, remittanceClearing,
    withholdingTax, remitted}, balanced}``. ``balanced``: pool + stations + what withdrawals
    moved to requesters + what royalty cycles moved out of the pool (partner payables, admin-fee
    income, and where remittances moved them on: clearing, withholding tax, remitted) equals
    what was deposited (the invariant of issue 6, extended by issue 7; wallets may also hold
    statement income, so the withdrawn sum stands for the broadcast part of them)."""
    row = read(lambda tx: run(tx, "broadcast/pool_summary", currency=currency))[0]
    reciprocal = {k: row[k] for k in RECIPROCAL_KEYS}
    held = row["pool"] + row["stations"] + row["withdrawn"] + sum(reciprocal.values())
    return {"currency": currency, "balance": format_amount(row["pool"]),
            "unallocated": format_amount(row["unallocated"]), "entitlements": format_amount(row["entitlements"]),
            "payees": row["payees"], "stations": format_amount(row["stations"]),
            "deposited": format_amount(-row["deposits"]), "withdrawn": format_amount(row["withdrawn"]),
            "wallets": format_amount(row["wallets"]),
            "pendingPayouts": format_amount(row["pendingPayouts"]), "payoutsPaid": format_amount(row["payoutsPaid"]),
            "reciprocal": {k: format_amount(v) for k, v in reciprocal.items()},
            "balanced": held == -row["deposits"]}


def movements(currency: str, since: dt.datetime, until: dt.datetime, skip: int, limit: int,
              kind: str | None = None) -> tuple[list[dict], int]:
    """A page of the pool's journal entries in [since, until), newest first, and the total:
    ``[{entryId, kind, at, memo, sourceId, amount (net effect on the pool), credited}]``."""
    kinds = [kind] if kind else list(POOL_ENTRY_KINDS)
    row = read(lambda tx: run(tx, "broadcast/pool_movements", currency=currency, since=since, until=until,
                              kinds=kinds, skip=skip, limit=limit))[0]
    return [m | {"amount": format_amount(m["amount"]), "credited": format_amount(m["credited"])}
            for m in row["movements"]], row["total"]


def entitlements(participant_id: str) -> list[dict]:
    """A participant's pool accounts — its own, those it holds for signed artists, and those a
    publisher holds for it: ``[{accountId, currency, holderId, forParticipantId, balance,
    pending (reserved by pending withdrawals), available}]`` (Decimals)."""
    rows = read(lambda tx: run(tx, "broadcast/pool_entitlements", participantId=participant_id))
    return [r | {"balance": format_amount(r["balance"]), "pending": format_amount(r["pending"]),
                 "available": format_amount(r["balance"] - r["pending"])} for r in rows]
