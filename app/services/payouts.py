"""Payouts: requests from a wallet, approval, and the money's way out (issue 5 item 3).

A payout moves along ``TRANSITIONS``: requested → approved → processing → paid | failed;
finance can also fail a payout that is requested or approved (a refusal, with a reason). Each
money step is a journal entry (app.services.ledger) with ``sourceId`` = the payoutId:

* request — ``payout_request``: wallet → pending_payout (the available amount drops at once);
* paid — ``payout_paid``: pending_payout → the platform's ``payouts_paid`` account;
* failed — ``payout_failed``: pending_payout → wallet (the money is available again).

Approval and the move to processing post nothing: the money waits in pending_payout. Processing
means handed to a payout provider in a batch (app.services.payout_runs). Rules of a request:
the amount is positive, in the currency's minor units (ISO 4217, via babel: 2 decimals for USD
and GHS, 0 for JPY), at least ``RIGHTSGRAPH_PAYOUT_MINIMUM`` (the same figure in every
currency) and never more than the available amount — checked under the wallet account's write
lock, so concurrent requests on one wallet run one after the other and never overdraw. The
idempotency key is the participant's: the same key again returns the first payout.
Every state change writes an AuditEvent in its transaction.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pycountry
from babel.numbers import get_currency_precision
from neo4j import ManagedTransaction

from app.money import format_amount, from_micro, to_micro
from app.services import audit, ledger, payout_methods
from app.services.catalog import UnknownEntity
from app.services.db import read, run, settings, write
from app.services.entities import InvalidInput, TransitionNotAllowed, ensure_transition
from app.services.ids import reserve_ids

TRANSITIONS = {"requested": ("approved", "failed"), "approved": ("processing", "failed"),
               "processing": ("paid", "failed"), "paid": (), "failed": ()}
STATUSES = tuple(TRANSITIONS)
# The journal entry each status posts: (kind, from account kind, to account kind or platform kind).
ENTRIES = {"requested": ("payout_request", "wallet", "pending_payout"),
           "paid": ("payout_paid", "pending_payout", "payouts_paid"),
           "failed": ("payout_failed", "pending_payout", "wallet")}


class InsufficientFunds(ValueError):
    """The amount is more than the wallet's available money (API → 409 with ``available``)."""

    def __init__(self, available: int, amount: int, currency: str):
        self.available, self.amount, self.currency = available, amount, currency
        super().__init__(f"{format_amount(amount)} {currency} is more than the available "
                         f"{format_amount(available)} {currency}")


class IdempotencyConflict(ValueError):
    """The idempotency key was used for a different request (API → 409); ``payout_id`` is the first."""

    def __init__(self, payout_id: str):
        self.payout_id = payout_id
        super().__init__(f"this idempotency key was already used for payout {payout_id}, with other values")


def next_payout_date(today: dt.date, day_of_month: int) -> dt.date:
    """The next scheduled payout run strictly after ``today``: day ``day_of_month`` (1–28, so
    every month has it) of this month or the next. Raises ValueError outside 1–28."""
    if not 1 <= day_of_month <= 28:
        raise ValueError("payout day of month must be 1–28")
    this_month = today.replace(day=day_of_month)
    if this_month > today:
        return this_month
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    return dt.date(year, month, day_of_month)


def schedule(today: dt.date | None = None) -> dict:
    """``{dayOfMonth, nextPayoutDate, minimum (Decimal), provider}``: approved payouts are sent
    on the payout day (``rightsgraph payouts run``, or a scheduler calling it)."""
    cfg = settings()
    today = today or dt.datetime.now(dt.timezone.utc).date()
    return {"dayOfMonth": cfg.payout_day_of_month, "nextPayoutDate": next_payout_date(today, cfg.payout_day_of_month),
            "minimum": Decimal(cfg.payout_minimum), "provider": cfg.payout_provider}


def amount_errors(amount: Decimal, currency: str) -> dict[str, list[str]]:
    """Every problem of a requested amount and currency, as InvalidInput errors (empty when fine)."""
    errors: dict[str, list[str]] = {}
    if pycountry.currencies.get(alpha_3=currency) is None:
        errors["currency"] = [f"unknown currency {currency!r}: use an ISO 4217 code such as USD"]
        return errors
    minimum = Decimal(settings().payout_minimum)
    places = get_currency_precision(currency)
    if amount <= 0:
        errors["amount"] = ["must be more than 0"]
    elif amount != amount.quantize(Decimal(1).scaleb(-places)):
        errors["amount"] = [f"{currency} payouts have at most {places} decimals"]
    elif amount < minimum:
        errors["amount"] = [f"below the minimum payout of {minimum} {currency}"]
    return errors


def request_payout(participant_id: str, amount: Decimal, currency: str, idempotency_key: str,
                   method_id: str | None, actor: str) -> tuple[dict, bool]:
    """Request a payout of ``amount`` (exact, in ``currency``) to ``method_id`` (default: the
    participant's default method). Returns (payout as ``get`` gives it, created): created False
    when the participant used ``idempotency_key`` before for the same amount and currency (the
    first payout, unchanged). Raises InvalidInput (every problem: amount, currency, method),
    ParticipantNotFound, InsufficientFunds (nothing written), IdempotencyConflict (the key was
    used for another amount or currency)."""
    errors = amount_errors(amount, currency)
    if "currency" in errors:
        raise InvalidInput(errors)
    micro = to_micro(amount)
    request_key = f"{participant_id}:{idempotency_key}"

    def work(tx):
        # 404 first; the participant's lock serializes its requests, so the key lookup is exact
        methods = payout_methods.ensure_methods(tx, participant_id, actor)
        if found := run(tx, "payouts/by_request_key", requestKey=request_key):
            return found[0]["payoutId"], False
        wallet = ledger.participant_accounts(tx, [participant_id], currency)[participant_id]
        # the wallet's own lock also holds off other movers of its money (a dispute freeze…)
        available = run(tx, "money/lock_account", accountId=wallet)[0]["balance"]
        method, method_error = payout_methods.resolve(methods, participant_id, method_id)
        problems = errors | ({"methodId": [method_error]} if method_error else {})
        if problems:
            raise InvalidInput(problems)
        if micro > available:
            raise InsufficientFunds(available, micro, currency)
        payout_id = reserve_ids(tx, "payout", 1)[0]
        record = {"payoutId": payout_id, "requestKey": request_key, "idempotencyKey": idempotency_key,
                  "participantId": participant_id, "amount": micro, "currency": currency,
                  "methodId": method["methodId"], "methodType": method["type"], "methodLabel": method["label"],
                  "requestedBy": actor}
        run(tx, "payouts/create", payout=record)
        _post(tx, "requested", {**record, "status": "requested"})
        audit.record(tx, actor, "payout.request", payout_id, after={**record, "amount": from_micro(micro)})
        return payout_id, True

    payout_id, created = write(work)
    payout = get(payout_id)
    if not created and (to_micro(payout["amount"]), payout["currency"]) != (micro, currency):
        raise IdempotencyConflict(payout_id)
    return payout, created


def get(payout_id: str, today: dt.date | None = None) -> dict:
    """``{payoutId, participantId, amount (Decimal), currency, status, idempotencyKey, method:
    {methodId, type, label}, batchId, providerReference, failureReason, requestedBy,
    requestedAt, approvedBy, approvedAt, processingAt, paidAt, failedAt, updatedAt,
    allowedTransitions, expectedPayoutDate (the next payout run while requested or approved,
    else None), history: [{at, actor, action, before, after}]}``. Raises UnknownEntity."""
    rows = read(lambda tx: run(tx, "payouts/get", payoutIds=[payout_id]))
    if not rows:
        raise UnknownEntity("payout", payout_id)
    return _out(rows[0], today)


def list_payouts(skip: int, limit: int, participant_id: str | None = None, status: str | None = None,
                 currency: str | None = None, batch_id: str | None = None) -> tuple[list[dict], int]:
    """A page of payouts, newest first (each as ``get`` gives it), and the total, filtered by
    participant, status, currency and batch."""
    def work(tx):
        page = run(tx, "payouts/list", skip=skip, limit=limit, participantId=participant_id, status=status,
                   currency=currency, batchId=batch_id)[0]
        return page["payoutIds"], run(tx, "payouts/get", payoutIds=page["payoutIds"]), page["total"]
    ids, rows, total = read(work)
    by_id = {r["payout"]["payoutId"]: r for r in rows}
    today = dt.datetime.now(dt.timezone.utc).date()
    return [_out(by_id[payout_id], today) for payout_id in ids], total


def transition(payout_id: str, status: str, actor: str, reason: str | None = None,
               reference: str | None = None) -> dict:
    """Move one payout to ``status``: approved (finance's approval), paid (the provider's
    confirmation, with its ``reference``) or failed (with a ``reason``: a refusal, or the
    provider's failure — the money returns to the wallet). ``processing`` goes through a
    payout run (app.services.payout_runs). Returns the payout as ``get`` does.
    Raises UnknownEntity, TransitionNotAllowed (also for processing here)."""
    def work(tx):
        locked = run(tx, "payouts/lock", payoutIds=[payout_id])
        if not locked:
            raise UnknownEntity("payout", payout_id)
        if status == "processing":
            raise TransitionNotAllowed(f"payout {payout_id}", locked[0]["payout"]["status"], status, TRANSITIONS)
        props = {"approved": {"approvedBy": actor}, "failed": {"failureReason": reason},
                 "paid": {"providerReference": reference} if reference else {}}.get(status, {})
        move(tx, [locked[0]["payout"]], status, actor, props, note=reason)
    write(work)
    return get(payout_id)


def move(tx: ManagedTransaction, payouts: list[dict], status: str, actor: str, props: dict,
         note: str | None = None) -> None:
    """Move locked payouts (``payouts/lock`` rows) to ``status`` in ``tx``: check each
    transition, post the status's journal entry (ENTRIES), set the status and ``props``, and
    write one AuditEvent each (before → after). Raises TransitionNotAllowed (the whole
    transaction must roll back)."""
    for payout in payouts:
        ensure_transition(f"payout {payout['payoutId']}", payout["status"], status, TRANSITIONS)
    for payout in payouts:
        _post(tx, status, payout)
    run(tx, "payouts/set_status", payoutIds=[p["payoutId"] for p in payouts], status=status, props=props)
    audit.record_many(tx, actor, "payout.status", [
        (p["payoutId"], {"status": p["status"]}, {"status": status, **props, **({"note": note} if note else {})})
        for p in payouts])


def _post(tx: ManagedTransaction, status: str, payout: dict) -> None:
    """Post the journal entry of a payout reaching ``status`` (none for approved/processing)."""
    if status not in ENTRIES:
        return
    kind, debit, credit = ENTRIES[status]
    pid, currency, payout_id = payout["participantId"], payout["currency"], payout["payoutId"]

    def account(account_kind: str) -> str:
        if account_kind in ledger.PLATFORM_KINDS:
            return ledger.ensure_platform_accounts(tx, currency, [(account_kind, None)])[0]
        return ledger.participant_accounts(tx, [pid], currency, account_kind)[pid]

    ledger.post(tx, f"payout:{payout_id}:{status}", kind,
                [{"accountId": account(debit), "amount": -payout["amount"]},
                 {"accountId": account(credit), "amount": payout["amount"]}],
                f"payout {payout_id} {status} ({payout['methodLabel']})", source_id=payout_id)


def _out(row: dict, today: dt.date | None) -> dict:
    p = row["payout"]
    today = today or dt.datetime.now(dt.timezone.utc).date()
    waiting = p["status"] in ("requested", "approved")
    history = audit.decoded(row["history"])
    return {**{k: p.get(k) for k in ("payoutId", "participantId", "currency", "status", "idempotencyKey", "batchId",
                                      "providerReference", "failureReason", "requestedBy", "requestedAt",
                                      "approvedBy", "approvedAt", "processingAt", "paidAt", "failedAt", "updatedAt")},
            "amount": format_amount(p["amount"]),
            "method": {"methodId": p.get("methodId"), "type": p.get("methodType"), "label": p.get("methodLabel")},
            "allowedTransitions": list(TRANSITIONS[p["status"]]),
            "expectedPayoutDate": next_payout_date(today, settings().payout_day_of_month) if waiting else None,
            "history": history}
