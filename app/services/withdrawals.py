"""Withdrawals from the central pool under access rules (issue 6 item 7).

Who may ask (checked on the day of the request, with the reason when refused):

* a self-published participant, for its own entitlement (``ACC-POOL-<it>-<CUR>``);
* a publisher, for a signed artist — an artist or writer party to an active publishing
  agreement (``play_routing.SIGNING_TYPES``) on which it is the publisher or administrator —
  from what it holds for that artist (``ACC-POOL-<publisher>-FOR-<artist>-<CUR>``);
* never a signed artist for itself (``NotAllowed``: its publisher draws its money).

States: ``pending`` → ``approved`` → ``processed`` | ``rejected`` (pending → rejected).
Finance (or admin) approves: in one transaction the amount leaves the pool for the requester's
wallet (journal entry ``withdrawal``, key ``withdrawal:<id>``); the transfer is then a Money OS
payout of that wallet (``app.services.payouts``: wallet → pending payout, approved at once —
finance approved the withdrawal), and the withdrawal is ``processed``. The external transfer's
status follows its payout: ``requested`` (requested, approved, processing) → ``paid`` |
``declined`` (the payout failed: the money is back in the requester's wallet). Should the
payout step fail after the approval committed, the money waits in the wallet and ``process``
finishes it. A request never exceeds the entitlement minus what pending withdrawals already
reserve (checked under the pool account's lock); the idempotency key is the requester's.
Every change is audited.
"""
from __future__ import annotations

import datetime as dt

from neo4j.exceptions import ConstraintError

from app.money import format_amount, from_micro, to_micro
from app.services import audit, ledger, payout_methods, payouts, pool
from app.services.catalog import UnknownEntity
from app.services.db import read, run, write
from app.services.entities import InvalidInput, TransitionNotAllowed, ensure_transition, missing_references
from app.services.ids import reserve_ids
from app.services.play_routing import signed_publishers

STATUSES = ("pending", "approved", "processed", "rejected")
#: Where a withdrawal in each status may go (processed and rejected are final).
TRANSITIONS = {"pending": ("approved", "rejected"), "approved": ("processed",), "processed": (), "rejected": ()}
TRANSFER_OF_PAYOUT = {"requested": "requested", "approved": "requested", "processing": "requested",
                      "paid": "paid", "failed": "declined"}


#: What the payout step may refuse with; the withdrawal then stays approved (``transferError``).
PAYOUT_ERRORS = (InvalidInput, payouts.InsufficientFunds, payouts.IdempotencyConflict, TransitionNotAllowed)


class NotAllowed(PermissionError):
    """The requester may not draw this money; the message says why (API → 403)."""


class InsufficientEntitlement(ValueError):
    """More than the pool account's balance less pending withdrawals (API → 409, ``available``)."""

    def __init__(self, available: int, amount: int, currency: str):
        self.available, self.amount, self.currency = available, amount, currency
        super().__init__(f"{format_amount(amount)} {currency} is more than the {format_amount(available)} "
                         f"{currency} available to withdraw")


def authority(tx, requester_id: str, for_id: str, day: dt.date) -> tuple[str, str | None]:
    """(payee, forParticipantId|None) of the pool account ``requester_id`` may draw for
    ``for_id`` on ``day``. Raises NotAllowed with the reason."""
    signed = signed_publishers(tx, [(for_id, day)])[(for_id, day)]
    names = ", ".join(f"{s['publisherId']} ({s['agreementId']}, {s['agreementType']})" for s in signed)
    if requester_id == for_id:
        if signed:
            raise NotAllowed(f"{for_id} is signed to {names} on {day}: its publisher requests its withdrawals")
        return requester_id, None
    if requester_id not in {s["publisherId"] for s in signed}:
        why = f"is signed to {names}" if signed else "is signed to no publisher (self-published)"
        raise NotAllowed(f"{requester_id} has no active publishing agreement with {for_id} on {day}: {for_id} {why}")
    return requester_id, for_id


def request_withdrawal(body: dict, actor: str) -> tuple[dict, bool]:
    """Request a withdrawal. ``body``: ``{requesterId, forParticipantId|None (itself), amount
    (Decimal), currency, methodId|None (the requester's default payout method), idempotencyKey}``.
    Returns (withdrawal as ``get``, created: False for a repeated idempotency key). Raises
    InvalidInput (unknown participants, a partner society — issue 7: its pool account is never
    withdrawn —, amount below the payout minimum or with too many decimals, no payout method),
    NotAllowed, InsufficientEntitlement — nothing written."""
    requester, for_id = body["requesterId"], body.get("forParticipantId") or body["requesterId"]
    currency, micro = body["currency"], to_micro(body["amount"])
    request_key = f"{requester}:{body['idempotencyKey']}"
    today = dt.datetime.now(dt.timezone.utc).date()

    def work(tx):
        missing = missing_references(tx, participant_ids=[requester, for_id])["participant"]
        errors = {**({"requesterId": [f"unknown participant {requester}"]} if requester in missing else {}),
                  **({"forParticipantId": [f"unknown participant {for_id}"]} if for_id in missing else {})}
        errors |= payouts.amount_errors(body["amount"], currency)
        for partner in run(tx, "reciprocal/qa_partners_among", participantIds=sorted({requester, for_id})):
            errors.setdefault("requesterId" if partner["participantId"] == requester else "forParticipantId", []).append(
                f"{partner['participantId']} is the partner society {partner['code']}: its pool account is moved by "
                "royalty cycles to the partner payable and remitted, never withdrawn")
        if errors:
            raise InvalidInput(errors)
        method, why = payout_methods.resolve(payout_methods.ensure_methods(tx, requester, actor), requester,
                                             body.get("methodId"))
        if method is None:
            raise InvalidInput({"methodId": [why]})
        if found := run(tx, "broadcast/withdrawal_by_key", requestKey=request_key):
            return found[0]["withdrawal"]["withdrawalId"], False
        payee, held_for = authority(tx, requester, for_id, today)
        account = pool.account_id(currency, payee, held_for)
        balance = pool.lock_accounts(tx, {account}).get(account, 0)
        available = balance - run(tx, "broadcast/pending_withdrawn", accountId=account)[0]["pending"]
        if micro > available:
            raise InsufficientEntitlement(available, micro, currency)
        withdrawal_id = reserve_ids(tx, "withdrawal", 1)[0]
        record = {"withdrawalId": withdrawal_id, "requestKey": request_key, "requesterId": requester,
                  "forParticipantId": for_id, "poolAccountId": account, "amountMicro": micro, "currency": currency,
                  "methodId": method["methodId"], "provider": method["type"], "destinationLabel": method["label"],
                  "requestedBy": actor}
        run(tx, "broadcast/create_withdrawal", withdrawal=record)
        audit.record(tx, actor, "withdrawal.request", withdrawal_id, after={**record, "amount": from_micro(micro)})
        return withdrawal_id, True
    try:
        withdrawal_id, created = write(work)
    except ConstraintError:  # the same key committed by a concurrent request
        withdrawal_id = read(lambda tx: run(tx, "broadcast/withdrawal_by_key", requestKey=request_key))[0][
            "withdrawal"]["withdrawalId"]
        created = False
    return get(withdrawal_id), created


def _locked(tx, withdrawal_id: str, wanted: str) -> dict:
    """The withdrawal under its write lock, when it may become ``wanted``."""
    rows = run(tx, "broadcast/lock_withdrawal", withdrawalId=withdrawal_id)
    if not rows:
        raise UnknownEntity("withdrawal", withdrawal_id)
    current = rows[0]["withdrawal"]
    ensure_transition(f"withdrawal {withdrawal_id}", current["status"], wanted, TRANSITIONS)
    return current


def approve(withdrawal_id: str, actor: str) -> dict:
    """Approve a pending withdrawal: the amount moves pool account → requester's wallet (one
    transaction, audited), then ``process`` hands it to a payout; should the payout step refuse
    (``PAYOUT_ERRORS``), the withdrawal stays approved with its ``transferError``. Raises
    UnknownEntity, TransitionNotAllowed, InsufficientEntitlement (the pool account no
    longer holds it)."""
    def work(tx):
        w = _locked(tx, withdrawal_id, "approved")
        balance = pool.lock_accounts(tx, {w["poolAccountId"]}).get(w["poolAccountId"], 0)
        if balance < w["amountMicro"]:
            raise InsufficientEntitlement(balance, w["amountMicro"], w["currency"])
        wallet = ledger.participant_accounts(tx, [w["requesterId"]], w["currency"])[w["requesterId"]]
        entry_id = ledger.post(tx, f"withdrawal:{withdrawal_id}", "withdrawal",
                               [{"accountId": w["poolAccountId"], "amount": -w["amountMicro"]},
                                {"accountId": wallet, "amount": w["amountMicro"]}],
                               f"withdrawal {withdrawal_id} for {w['forParticipantId']}", source_id=withdrawal_id)
        props = {"status": "approved", "decidedBy": actor, "decidedAt": dt.datetime.now(dt.timezone.utc),
                 "entryId": entry_id}
        run(tx, "broadcast/set_withdrawal", withdrawalId=withdrawal_id, props=props)
        audit.record(tx, actor, "withdrawal.approve", withdrawal_id, before={"status": "pending"}, after=props)
    write(work)
    try:
        return process(withdrawal_id, actor)
    except PAYOUT_ERRORS as exc:  # the approval stands: the money waits in the wallet for ``process``
        write(_transfer_failed, withdrawal_id, str(exc), actor)
        return get(withdrawal_id)


def _transfer_failed(tx, withdrawal_id: str, error: str, actor: str) -> None:
    run(tx, "broadcast/set_withdrawal", withdrawalId=withdrawal_id, props={"transferError": error})
    audit.record(tx, actor, "withdrawal.transfer_failed", withdrawal_id, after={"error": error})


def process(withdrawal_id: str, actor: str) -> dict:
    """Hand an approved withdrawal to a payout of the requester's wallet (requested and approved;
    idempotent: keyed ``withdrawal:<id>``) and mark it processed. A processed one is returned as
    it is. Raises UnknownEntity, TransitionNotAllowed (pending or rejected), and the
    payout's errors (e.g. payouts.InsufficientFunds) — the withdrawal then stays approved."""
    current = get(withdrawal_id)
    if current["status"] == "processed":
        return current
    ensure_transition(f"withdrawal {withdrawal_id}", current["status"], "processed", TRANSITIONS)
    payout, _ = payouts.request_payout(current["requesterId"], current["amount"], current["currency"],
                                       f"withdrawal:{withdrawal_id}", current["methodId"], actor)
    if payout["status"] == "requested":
        payout = payouts.transition(payout["payoutId"], "approved", actor)

    def work(tx):
        _locked(tx, withdrawal_id, "processed")
        props = {"status": "processed", "payoutId": payout["payoutId"], "transferError": None,
                 "processedAt": dt.datetime.now(dt.timezone.utc)}
        run(tx, "broadcast/set_withdrawal", withdrawalId=withdrawal_id, props=props)
        audit.record(tx, actor, "withdrawal.process", withdrawal_id, before={"status": "approved"}, after=props)
    write(work)
    return get(withdrawal_id)


def reject(withdrawal_id: str, reason: str, actor: str) -> dict:
    """Reject a pending withdrawal (nothing moves; audited with the reason). Raises
    UnknownEntity, TransitionNotAllowed."""
    def work(tx):
        _locked(tx, withdrawal_id, "rejected")
        props = {"status": "rejected", "reason": reason, "decidedBy": actor,
                 "decidedAt": dt.datetime.now(dt.timezone.utc)}
        run(tx, "broadcast/set_withdrawal", withdrawalId=withdrawal_id, props=props)
        audit.record(tx, actor, "withdrawal.reject", withdrawal_id, before={"status": "pending"}, after=props)
    write(work)
    return get(withdrawal_id)


def _out(row: dict) -> dict:
    w = row["withdrawal"]
    history = audit.decoded(row["history"])
    return {**{k: w.get(k) for k in ("withdrawalId", "requesterId", "forParticipantId", "poolAccountId", "currency",
                                      "status", "methodId", "provider", "destinationLabel", "reason", "payoutId",
                                      "transferError",
                                      "requestedBy", "requestedAt", "decidedBy", "decidedAt", "processedAt")},
            "amount": format_amount(w["amountMicro"]),
            "transferStatus": TRANSFER_OF_PAYOUT.get(row["payoutStatus"]),
            "transferReference": row["providerReference"],
            "history": history}


def get(withdrawal_id: str) -> dict:
    """A withdrawal with its transfer status and audit trail; raises UnknownEntity."""
    rows = read(lambda tx: run(tx, "broadcast/get_withdrawals", withdrawalIds=[withdrawal_id]))
    if not rows:
        raise UnknownEntity("withdrawal", withdrawal_id)
    return _out(rows[0])


def list_withdrawals(skip: int, limit: int, status: str | None = None,
                     participant_id: str | None = None) -> tuple[list[dict], int]:
    """A page of withdrawals, newest first (``status`` e.g. pending: the admin queue;
    ``participant_id``: requested by or for it), and the total."""
    def work(tx):
        page = run(tx, "broadcast/list_withdrawals", status=status, participantId=participant_id, skip=skip,
                   limit=limit)[0]
        return run(tx, "broadcast/get_withdrawals", withdrawalIds=page["withdrawalIds"]), page["total"]
    rows, total = read(work)
    return [_out(r) for r in rows], total
