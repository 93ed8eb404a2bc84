"""The double-entry ledger: accounts and journal entries (DESIGN.md "Money").

Accounts of a participant, one per kind and currency:

* ``wallet`` — money the participant may draw (``WAL-000001``): allocations land here and
  payouts are requested from it, so its balance is the *available* amount;
* ``frozen`` — income held while a dispute is open (moved out of the wallet, or credited here
  directly when it arrives);
* ``pending_payout`` — payouts requested and not yet paid or failed;
* ``advance_receivable`` — negative while an advance is unrecouped (granting an advance credits
  the wallet and debits this account; recoupment credits it back toward zero).

Platform accounts, one per currency (ids ``ACC-<KIND>[-<QUALIFIER>]-<CURRENCY>``): ``suspense``
(unmatched or unowned money), ``source`` (one per statement source: what it reported — the debit
side of allocations), ``payouts_paid`` (money that left through a payout provider),
``fee_income`` (platform fees); for broadcast (docs/broadcast.md): ``station`` (a station's
pre-paid funds, qualifier the stationId), ``pool`` (the central pool: ``ACC-POOL-<CUR>`` holds
what is not yet allocated, one account per payee holds its entitlement), ``deposits`` (money
that came in from outside, e.g. station top-ups: its balance is minus what was deposited); for
reciprocal representation (docs/international.md): ``partner_payable`` (what we owe a partner
society, qualifier its code), ``admin_fee_income`` (our admin fee on partners' royalties),
``remittance_clearing`` (remittances sent, not yet settled), ``withholding_tax`` (tax withheld
from remittances, owed to the tax authority).

The participant's total balance is wallet + frozen + pending_payout; available = wallet.
Every journal entry's postings sum to zero (one currency per entry); balances are cached on the
accounts and updated in the same transaction as the postings; nothing is edited in place —
corrections are reversing entries.
"""
from __future__ import annotations

import datetime as dt

from neo4j import ManagedTransaction

from app.services.db import run
from app.services.ids import reserve_ids

PARTICIPANT_KINDS = ("wallet", "frozen", "pending_payout", "advance_receivable")
PLATFORM_KINDS = ("suspense", "source", "payouts_paid", "fee_income",
                  "station", "pool", "deposits",  # broadcast: app.services.play_charging, pool
                  "partner_payable", "admin_fee_income", "remittance_clearing", "withholding_tax")  # reciprocal


class UnbalancedEntry(ValueError):
    """A journal entry's postings do not sum to zero."""


def platform_account(kind: str, currency: str, qualifier: str | None = None) -> str:
    """Id of a platform account: ``ACC-SUSPENSE-USD``, ``ACC-SOURCE-DISTROKID-USD``…
    Raises ValueError for a kind not in PLATFORM_KINDS."""
    if kind not in PLATFORM_KINDS:
        raise ValueError(f"unknown platform account kind {kind!r}")
    parts = [kind, qualifier] if qualifier else [kind]
    return "-".join(["ACC", *(p.upper() for p in parts), currency])


def ensure_platform_accounts(tx: ManagedTransaction, currency: str,
                             accounts: list[tuple[str, str | None]]) -> list[str]:
    """Open the platform accounts ``[(kind, qualifier|None)]`` in ``currency`` that do not exist;
    returns their ids in the given order."""
    ids = [platform_account(kind, currency, qualifier) for kind, qualifier in accounts]
    run(tx, "money/ensure_accounts", accounts=[
        {"accountId": aid, "kind": kind, "currency": currency, "participantId": None}
        for aid, (kind, _) in zip(ids, accounts)])
    return ids


def participant_accounts(tx: ManagedTransaction, participant_ids: list[str], currency: str,
                         kind: str = "wallet", known: dict[tuple[str, str, str], str] | None = None) -> dict[str, str]:
    """Account id per participant for one kind (PARTICIPANT_KINDS) and currency, opening the
    missing ones (wallets get a reserved ``WAL-`` id, the other kinds
    ``ACC-<KIND>-<participantId>-<CURRENCY>``). ``known``: accounts read before in the same
    run, ``{(kind, currency, participantId): accountId}`` (``run_cache``): those are not read
    again, and the accounts read here are added to it (not those opened here: this
    transaction may roll back). Raises ValueError for an unknown kind."""
    if kind not in PARTICIPANT_KINDS:
        raise ValueError(f"unknown participant account kind {kind!r}")
    known = {} if known is None else known
    found = {pid: known[kind, currency, pid] for pid in participant_ids if (kind, currency, pid) in known}
    unread = [pid for pid in participant_ids if pid not in found]
    if unread:
        read_now = {r["participantId"]: r["accountId"] for r in run(
            tx, "money/accounts_of", participantIds=unread, currency=currency, kind=kind)}
        known.update({(kind, currency, pid): aid for pid, aid in read_now.items()})
        found.update(read_now)
    missing = [pid for pid in participant_ids if pid not in found]
    if missing:
        new_ids = (reserve_ids(tx, "wallet", len(missing)) if kind == "wallet"
                   else [f"ACC-{kind.upper()}-{pid}-{currency}" for pid in missing])
        run(tx, "money/ensure_accounts", accounts=[
            {"accountId": aid, "kind": kind, "currency": currency, "participantId": pid}
            for pid, aid in zip(missing, new_ids)])
        found.update(zip(missing, new_ids))
    return found


def post(tx: ManagedTransaction, idempotency_key: str, kind: str, postings: list[dict], memo: str,
         statement_id: str | None = None, source_id: str | None = None) -> str | None:
    """Post one journal entry ``postings = [{accountId, amount (signed micro-units)}]`` (zero
    amounts dropped) and update the balances; returns its entryId, or None when nothing moves.

    ``kind`` names the movement (``royalty_allocation``, ``payout_request``…); ``source_id``
    the object that caused it (payout, dispute, advance…), ``statement_id`` a statement.
    Raises UnbalancedEntry when the postings do not sum to zero, and
    neo4j.exceptions.ConstraintError when ``idempotency_key`` was posted before (the
    transaction must roll back: nothing is posted twice)."""
    return post_many(tx, [{"idempotencyKey": idempotency_key, "kind": kind, "postings": postings, "memo": memo,
                           "statementId": statement_id, "sourceId": source_id}])[0]


def post_many(tx: ManagedTransaction, entries: list[dict]) -> list[str | None]:
    """``post`` for many entries in one query (batch writers: one entry per broadcast play).
    ``entries = [{idempotencyKey, kind, postings, memo, statementId?, sourceId?}]``; returns
    their entryIds in order (None where nothing moves). Raises as ``post`` does; nothing is
    posted when one entry does not balance."""
    cleaned = []
    for entry in entries:
        postings = [p for p in entry["postings"] if p["amount"]]
        if sum(p["amount"] for p in postings) != 0:
            raise UnbalancedEntry(f"journal entry {entry['idempotencyKey']} does not balance: {postings}")
        cleaned.append(postings)
    moving = [i for i, postings in enumerate(cleaned) if postings]
    entry_ids: list[str | None] = [None] * len(entries)
    if not moving:
        return entry_ids
    at = dt.datetime.now(dt.timezone.utc)
    for i, entry_id in zip(moving, reserve_ids(tx, "entry", len(moving))):
        entry_ids[i] = entry_id
    run(tx, "money/post_entries", entries=[{
        "entryId": entry_ids[i], "idempotencyKey": entries[i]["idempotencyKey"], "kind": entries[i]["kind"],
        "at": at, "statementId": entries[i].get("statementId"), "sourceId": entries[i].get("sourceId"),
        "memo": entries[i]["memo"], "postings": cleaned[i]} for i in moving])
    return entry_ids


def transaction_id(entry_id: str, account_id: str) -> str:
    """The id of one account's side of a journal entry (a wallet transaction): ``JE-000012.WAL-000001``."""
    return f"{entry_id}.{account_id}"


def split_transaction_id(value: str) -> tuple[str, str]:
    """(entryId, accountId) of a transaction id; raises ValueError when it is not one."""
    entry_id, sep, account_id = value.partition(".")
    if not (sep and entry_id.startswith("JE-") and account_id):
        raise ValueError(f"not a transaction id: {value!r} (expected <entryId>.<accountId>)")
    return entry_id, account_id
