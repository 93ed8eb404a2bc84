"""Wallets: a participant's balances per currency and the transactions behind them.

The figures follow the ledger contract (app.services.ledger): per currency, ``available`` is
the wallet account's balance (money the participant may draw), ``frozen`` the frozen account's
(held while a dispute is open), ``pending`` the pending_payout account's (payouts requested and
not yet paid or failed), and ``balance`` = available + frozen + pending. A participant may hold
several currencies (USD royalties, GHS broadcast income…); the settings' wallet currency is the
default. Amounts leave as exact ``Decimal`` (the API writes JSON numbers).

A transaction is one account's side of one journal entry, ``ledger.transaction_id(entryId,
accountId)``; it names what it came from: a statement (and the statement's source) or the
object in the entry's ``sourceId`` (payout, dispute, advance…, by its id prefix).
"""
from __future__ import annotations

import datetime as dt

from app.money import format_amount
from app.services import ledger
from app.services.catalog import ParticipantNotFound
from app.services.db import read, run, settings
from app.services.ids import PREFIXES

# The figures of one currency and the account kind each is read from.
FIGURES = {"available": "wallet", "frozen": "frozen", "pending": "pending_payout"}
# Kinds of the objects a journal entry's sourceId names, by id prefix (PAY → payout, DSP → dispute…).
SOURCE_KINDS = {prefix: kind for kind, prefix in PREFIXES.items()}


def wallet(participant_id: str, currency: str | None = None) -> dict:
    """``{participantId, currency, walletId, balance, available, frozen, pending, currencies:
    [{currency, walletId, balance, available, frozen, pending}]}`` (Decimals): the top-level
    figures are those of ``currency`` (default: the settings' wallet currency); ``currencies``
    lists every currency the participant holds accounts in, plus that one, sorted. A currency
    without accounts has zero figures and walletId None. Raises ParticipantNotFound."""
    currency = currency or settings().wallet_currency
    by_currency = read(_accounts_by_currency, participant_id)
    by_currency.setdefault(currency, {})
    figures = {c: _figures(c, accounts) for c, accounts in sorted(by_currency.items())}
    return {"participantId": participant_id, **figures[currency], "currencies": list(figures.values())}


def _accounts_by_currency(tx, participant_id: str) -> dict[str, dict[str, dict]]:
    """``{currency: {kind: account}}`` of a participant. Raises ParticipantNotFound."""
    row = run(tx, "money/participant_accounts", participantId=participant_id)[0]
    if not row["found"]:
        raise ParticipantNotFound(participant_id)
    out: dict[str, dict[str, dict]] = {}
    for account in row["accounts"]:
        out.setdefault(account["currency"], {})[account["kind"]] = account
    return out


def _figures(currency: str, accounts: dict[str, dict]) -> dict:
    micro = {name: (accounts[kind]["balance"] if kind in accounts else 0) for name, kind in FIGURES.items()}
    return {"currency": currency, "walletId": accounts["wallet"]["accountId"] if "wallet" in accounts else None,
            "balance": format_amount(sum(micro.values())), **{k: format_amount(v) for k, v in micro.items()}}


def transactions(participant_id: str, skip: int, limit: int, *, currency: str | None = None,
                 kind: str | None = None, source: str | None = None, date_from: dt.date | None = None,
                 date_to: dt.date | None = None, account: str = "wallet") -> tuple[list[dict], int]:
    """A page of a participant's transactions on its ``account`` kind (default the wallet; one
    of ledger.PARTICIPANT_KINDS) in ``currency`` (all currencies when None), newest first, and
    the total matching. Filters: ``kind`` (journal entry kind, e.g. royalty_allocation,
    payout_request), ``source`` (a statement source such as distrokid, ``statement`` for any
    statement, or an object kind: payout, dispute, advance…), ``date_from``/``date_to``
    (inclusive UTC dates of the entry).

    Each row: ``{transactionId, entryId, accountId, currency, kind, at, amount (Decimal, signed:
    + credits the account), balanceAfter (the account's balance after it), memo, source,
    sourceType, statementId, sourceId}``. balanceAfter walks back from the cached balance over
    the postings since the page's oldest row (cheap for recent pages).
    Raises ParticipantNotFound; ValueError for an unknown account kind."""
    if account not in ledger.PARTICIPANT_KINDS:
        raise ValueError(f"unknown account kind {account!r}")

    def work(tx):
        by_currency = _accounts_by_currency(tx, participant_id)
        account_ids = [accounts[account]["accountId"] for c, accounts in sorted(by_currency.items())
                       if account in accounts and currency in (None, c)]
        page = run(tx, "money/account_transactions", accountIds=account_ids, kind=kind, source=source,
                   since=_midnight(date_from), until=_midnight(date_to + dt.timedelta(days=1)) if date_to else None,
                   skip=skip, limit=limit, prefixKinds=SOURCE_KINDS)[0]
        after = _balances_after(tx, page["rows"])
        return [_transaction(r, after[(r["entryId"], r["accountId"])]) for r in page["rows"]], page["total"]
    return read(work)


def _midnight(day: dt.date | None) -> dt.datetime | None:
    return dt.datetime.combine(day, dt.time(), dt.timezone.utc) if day else None


def _balances_after(tx, rows: list[dict]) -> dict[tuple[str, str], int]:
    """Balance after each (entryId, accountId) of ``rows``: each account's cached balance minus
    its postings newer than the row."""
    if not rows:
        return {}
    after = {}
    for acc in run(tx, "money/account_postings_since", accountIds=sorted({r["accountId"] for r in rows}),
                   # read back with pytz's UTC, which Neo4j compares unlike the stored offset +00:00
                   since=min(r["at"] for r in rows).astimezone(dt.timezone.utc)):
        running = acc["balance"]
        for posting in acc["postings"]:
            after[(posting["entryId"], acc["accountId"])] = running
            running -= posting["amount"]
    return after


def _transaction(row: dict, balance_after: int) -> dict:
    return {"transactionId": ledger.transaction_id(row["entryId"], row["accountId"]),
            "entryId": row["entryId"], "accountId": row["accountId"], "currency": row["currency"],
            "kind": row["kind"], "at": row["at"], "amount": format_amount(row["amount"]),
            "balanceAfter": format_amount(balance_after), "memo": row["memo"],
            "source": row["statementSource"] or row["sourceType"], "sourceType": row["sourceType"],
            "statementId": row["statementId"], "sourceId": row["sourceId"]}
