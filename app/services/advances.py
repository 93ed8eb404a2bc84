"""Advances against future royalties: accepting an offer, recoupment, and the advance views.

* **Accepting** an offer (``accept``) grants an ``Advance`` (``ADV-…``, status ``active``) and
  posts ``advance_grant``: the participant's wallet + amount, its ``advance_receivable`` −
  amount (the receivable is negative while the advance is unrecouped). The offer must be open
  and unexpired, and the participant may have one active advance per currency (one recoupment
  at a time keeps "remaining" unambiguous). Audited (``advance.grant``).
* **Recoupment** happens during allocation, in ``holds.route``: ``recoupPercentOfNetRoyalties``
  of the participant's net income from the advance's buckets (master → master, neighbouring;
  publishing → performance, mechanical) is credited to ``advance_receivable`` instead of the
  wallet until the advance is recouped; then income flows to the wallet again. Exactness
  (``Recoupment.take``): the advance keeps ``basis``, the net bucket income routed while it is
  active, and ``recouped``; a part of income ``a`` recoups ``⌊(basis + a)·p⌋ − ⌊basis·p⌋``, so
  after any number of lines, batches and statements ``recouped = ⌊basis·p⌋`` to the micro-unit,
  never past the amount (the last part recoups only what remains). Returns (negative income)
  give recoupment back the same way while the advance is active.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from neo4j import ManagedTransaction

from app.money import format_amount
from app.money.shares import WHOLE, millionths_to_percent
from app.services import advance_offers, audit, ledger
from app.services.catalog import UnknownEntity
from app.services.db import read, run, settings, write
from app.services.ids import reserve_ids

STATUSES = ("active", "recouped")


class OfferUnavailable(RuntimeError):
    """The offer cannot be accepted (API → 409): ``reason`` 'expired', 'accepted' (then
    ``advance_id``), 'superseded', or 'active_advance' (the participant is still recouping
    ``advance_id``)."""

    def __init__(self, offer_id: str, reason: str, advance_id: str | None = None):
        self.offer_id, self.reason, self.advance_id = offer_id, reason, advance_id
        text = {"expired": "has expired", "accepted": f"was already accepted (advance {advance_id})",
                "superseded": "was superseded by another accepted offer",
                "active_advance": f"cannot be accepted while advance {advance_id} is being recouped"}[reason]
        super().__init__(f"advance offer {offer_id} {text}")


class NotYourOffer(PermissionError):
    """A participant tried to accept another participant's offer (API → 403)."""


@dataclass
class Recoupment:
    """An active advance being recouped in one transaction: ``amount``, ``recouped`` and
    ``basis`` in micro-units, ``percent`` in millionths of 100 %, ``right_types`` it recoups
    from. ``take`` changes the state; ``holds.route`` saves it (``save_recoupments``)."""

    advance_id: str
    participant_id: str
    amount: int
    percent: int
    right_types: tuple[str, ...]
    recouped: int
    basis: int
    loaded: tuple[int, int] = field(default=(0, 0))

    @classmethod
    def of(cls, advance: dict) -> "Recoupment":
        """From an Advance node's properties."""
        return cls(advance["advanceId"], advance["participantId"], advance["amount"], advance["recoupPercent"],
                   tuple(advance["rightTypes"]), advance["recouped"], advance["basis"],
                   (advance["recouped"], advance["basis"]))

    @property
    def status(self) -> str:
        """'recouped' once ``recouped`` reaches the amount, else 'active'."""
        return "recouped" if self.recouped >= self.amount else "active"

    @property
    def loaded_status(self) -> str:
        """The status as loaded, before this transaction recouped anything."""
        return "recouped" if self.loaded[0] >= self.amount else "active"

    def take(self, income: int) -> int:
        """The micro-units of ``income`` (net bucket income of the participant, signed) that go
        to recoupment (module docstring); 0 once recouped."""
        if self.recouped >= self.amount:
            return 0
        before = self.basis * self.percent // WHOLE
        self.basis += income
        due = self.basis * self.percent // WHOLE - before
        taken = max(-self.recouped, min(self.amount - self.recouped, due))
        self.recouped += taken
        return taken


def lock_recoupments(tx: ManagedTransaction, participant_ids: list[str], currency: str) -> dict[str, Recoupment]:
    """The active advances of these participants in ``currency``, write-locked: ``{participantId:
    Recoupment}`` (one per participant at most). One cheap read of who is recouping picks the
    advances to lock."""
    wanted = set(participant_ids)
    recouping = sorted({r["participantId"] for r in run(tx, "advances/recouping", currency=currency)} & wanted)
    if not recouping:
        return {}
    rows = run(tx, "advances/lock_active", participantIds=recouping, currency=currency)
    return {r["advance"]["participantId"]: Recoupment.of(r["advance"]) for r in rows
            if r["advance"]["status"] == "active"}


def save_recoupments(tx: ManagedTransaction, recoupments: list[Recoupment], actor: str) -> None:
    """Write the recoupment progress of the advances that changed. A change of status (active →
    recouped, or back on a reversal) writes an AuditEvent ``advance.status``; the progress itself
    is money already recorded by the posting entry and its ALLOCATED edges (hold 'recoupment')."""
    changed = [r for r in recoupments if (r.recouped, r.basis) != r.loaded]
    if not changed:
        return
    run(tx, "advances/set_recoupment", rows=[{"advanceId": r.advance_id, "recouped": r.recouped, "basis": r.basis,
                                               "status": r.status} for r in changed])
    audit.record_many(tx, actor, "advance.status", [
        (r.advance_id, {"status": r.loaded_status, "recoupedMicro": r.loaded[0]},
         {"status": r.status, "recoupedMicro": r.recouped}) for r in changed if r.status != r.loaded_status])


def unrecoup(tx: ManagedTransaction, rows: list[dict], actor: str) -> None:
    """Take reversed recoupment back: ``rows = [{advanceId, recouped (micro-units the reversed
    edge recouped), basis (the participant's whole part of the reversed event)}]``; an advance
    recouped in full becomes active again when this leaves something to recoup."""
    if not rows:
        return
    found = {r["advance"]["advanceId"]: Recoupment.of(r["advance"])
             for r in run(tx, "advances/lock", advanceIds=sorted({r["advanceId"] for r in rows}))}
    for r in rows:
        rec = found[r["advanceId"]]
        rec.recouped -= r["recouped"]
        rec.basis -= r["basis"]
    save_recoupments(tx, list(found.values()), actor)


def accept(offer_id: str, actor: str, participant_id: str | None = None, now: dt.datetime | None = None) -> dict:
    """Accept an offer: grant its advance and post ``advance_grant`` (module docstring); returns
    the advance as ``get`` does. ``participant_id``: the accepting participant when a
    participant token acts (it may accept only its own offers). Raises UnknownEntity,
    NotYourOffer, OfferUnavailable."""
    now = now or dt.datetime.now(dt.timezone.utc)

    def work(tx):
        rows = run(tx, "advances/get_offer", offerId=offer_id)
        if not rows:
            raise UnknownEntity("advance offer", offer_id)
        pid = rows[0]["offer"]["participantId"]
        if participant_id is not None and participant_id != pid:
            raise NotYourOffer(f"advance offer {offer_id} was not made to {participant_id}")
        run(tx, "advances/lock_participant", participantId=pid)  # one acceptance at a time per participant
        offer = run(tx, "advances/get_offer", offerId=offer_id)[0]["offer"]  # read again under the lock
        if offer["status"] != "open":
            raise OfferUnavailable(offer_id, offer["status"], offer.get("advanceId"))
        if offer["expiresAt"] <= now:
            raise OfferUnavailable(offer_id, "expired")
        currency = offer["currency"]
        active = [r["advance"] for r in run(tx, "advances/of_participant", participantId=pid, currency=currency)
                  if r["advance"]["status"] == "active"]
        if active:
            raise OfferUnavailable(offer_id, "active_advance", active[0]["advanceId"])
        advance_id = reserve_ids(tx, "advance", 1)[0]
        wallet = ledger.participant_accounts(tx, [pid], currency)[pid]
        receivable = ledger.participant_accounts(tx, [pid], currency, "advance_receivable")[pid]
        entry_id = ledger.post(tx, f"advance:{advance_id}:grant", "advance_grant",
                               [{"accountId": wallet, "amount": offer["amount"]},
                                {"accountId": receivable, "amount": -offer["amount"]}],
                               f"advance {advance_id} granted from offer {offer_id}", source_id=advance_id)
        advance = {"advanceId": advance_id, "offerId": offer_id, "participantId": pid, "currency": currency,
                   "amount": offer["amount"], "recoupPercent": offer["recoupPercent"], "buckets": offer["buckets"],
                   "rightTypes": advance_offers.right_types(offer["buckets"]), "recouped": 0, "basis": 0,
                   "grantedAt": now, "grantedBy": actor, "estimatedPayoffMonths": offer["estimatedPayoffMonths"],
                   "entryId": entry_id}
        run(tx, "advances/create_advance", advance=advance)
        audit.record(tx, actor, "advance.grant", advance_id, before={"offerId": offer_id, "status": "open"},
                     after={**advance, "status": "active"})
        return advance_id
    return get(write(work), now.date())


def get(advance_id: str, today: dt.date | None = None) -> dict:
    """An advance (``advance_out``'s shape). Raises UnknownEntity."""
    today = today or dt.datetime.now(dt.timezone.utc).date()

    def work(tx):
        rows = run(tx, "advances/get", advanceId=advance_id)
        if not rows:
            raise UnknownEntity("advance", advance_id)
        advance = rows[0]["advance"]
        return advance, _projection(tx, advance, today)
    advance, projection = read(work)
    return advance_out(advance, projection, today)


def _projection(tx: ManagedTransaction, advance: dict, today: dt.date) -> advance_offers.Projection | None:
    if advance["status"] != "active":
        return None
    return advance_offers.ENGINE.projection(tx, advance["participantId"], advance["currency"], today)


def advance_out(advance: dict, projection: advance_offers.Projection | None, today: dt.date) -> dict:
    """An Advance as the API writes it: ``{advanceId, offerId, participantId, amount, currency,
    recoupPercentOfNetRoyalties, buckets, recoupedAmount, remainingToRecoup, estimatedPayoffDate
    (ISO date: today + the months the projection needs for what remains; null when recouped or
    without projected income), status (active | recouped), grantedAt, recoupedAt}``."""
    remaining = advance["amount"] - advance["recouped"]
    months = projection.payoff_months(remaining, advance["recoupPercent"], limit=120) if projection else None
    return {"advanceId": advance["advanceId"], "offerId": advance["offerId"], "participantId": advance["participantId"],
            "amount": format_amount(advance["amount"]), "currency": advance["currency"],
            "recoupPercentOfNetRoyalties": millionths_to_percent(advance["recoupPercent"]),
            "buckets": list(advance["buckets"]), "recoupedAmount": format_amount(advance["recouped"]),
            "remainingToRecoup": format_amount(remaining),
            "estimatedPayoffDate": (today + relativedelta(months=months)).isoformat() if months is not None else None,
            "status": advance["status"], "grantedAt": advance["grantedAt"], "recoupedAt": advance.get("recoupedAt")}


def participant_advances(participant_id: str, now: dt.datetime | None = None) -> dict:
    """The ``/api/money/advances/{participantId}`` payload: ``{participantId, currency, offers
    (open offers, made if none: advance_offers.current_offers), active, history (recouped
    advances, newest first), totals {advanced, recouped, remainingToRecoup}}`` in the wallet
    currency. Raises catalog.ParticipantNotFound."""
    now = now or dt.datetime.now(dt.timezone.utc)
    currency = settings().wallet_currency
    offers = advance_offers.current_offers(participant_id, now)

    def work(tx):
        found = [r["advance"] for r in run(tx, "advances/of_participant", participantId=participant_id,
                                          currency=currency)]
        return [(a, _projection(tx, a, now.date())) for a in found]
    rows = read(work)
    views = [advance_out(a, p, now.date()) for a, p in rows]
    return {"participantId": participant_id, "currency": currency, "offers": offers,
            "active": [v for v in views if v["status"] == "active"],
            "history": [v for v in views if v["status"] != "active"],
            "totals": {"advanced": format_amount(sum(a["amount"] for a, _ in rows)),
                       "recouped": format_amount(sum(a["recouped"] for a, _ in rows)),
                       "remainingToRecoup": format_amount(sum(a["amount"] - a["recouped"] for a, _ in rows))}}


def has_offers(participant_id: str) -> bool:
    """Whether the participant has or would be made an advance offer now (the Money Hub's
    ``flags.hasAdvanceOffers``): ``advance_offers.has_offers``."""
    return advance_offers.has_offers(participant_id)
