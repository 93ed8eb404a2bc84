"""The AdvanceOfferEngine: advances a participant can take against its future royalties.

The projection (all amounts exact: integer micro-units and ``Decimal``, never a float):

* **Trailing income** ``T``: the participant's net royalties over the 12 sale months before the
  current one — the income credited to it (its share after splits, wherever it went: wallet,
  frozen, recoupment), summed from its PeriodIncomeRollups (12 months × sources rows: the cost does
  not grow with history or catalog). Its run rate ``m0 = T / 12`` per month.
* **Decay**: catalog income declines; we assume ``DECAY_PER_YEAR`` = 20 % a year, compounding
  monthly: month ``k`` ahead earns ``m0 · f^k`` with ``f = (1 − 0.20)^(1/12)`` (≈ 1.84 % a month).
  Twenty percent is a conservative figure for a catalogue past its release year (new releases
  fall faster in their first months, but those are rarely the months an artist borrows against).
* **Safe cap**: an offer is at most ``CAP_FRACTION`` = 50 % of the projected next 12 months'
  income ``P12 = Σ_{k=1..12} m0 · f^k``, and at most ``MAX_OFFER`` (250,000 currency units);
  rounded down to whole currency units; nothing is offered under ``MIN_OFFER`` (100 units).
* **Tiers**: the same amount recouped at 50 % or at 100 % of net royalties from the master and
  publishing buckets (``TIERS``). ``estimatedPayoffMonths`` is the first month ``n`` where the
  projected recoupment ``Σ_{k=1..n} p · m0 · f^k`` reaches the amount (12 at 50 %, about 6 at
  100 %, by construction of the cap); a tier that would take over ``MAX_PAYOFF_MONTHS`` is not
  offered.
* Offers are recorded (``AdvanceOffer``, id ``OFR-…``) when first asked for and stay valid for
  ``OFFER_VALID_DAYS`` (``expiresAt``): asking again returns the same open offers. No offers are
  made while the participant has an active advance in the currency.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Context, Decimal

from dateutil.relativedelta import relativedelta
from neo4j import ManagedTransaction

from app.money import MICRO, format_amount
from app.money.shares import WHOLE, millionths_to_percent
from app.services.catalog import ParticipantNotFound
from app.services.db import read, run, settings, write
from app.services.ids import reserve_ids

BUCKETS = {"master": ("master", "neighbouring"), "publishing": ("performance", "mechanical")}
OFFER_BUCKETS = ("master", "publishing")
TIERS = (500_000, 1_000_000)  # recoupPercentOfNetRoyalties in millionths of 100 %: 50 %, 100 %
DECAY_PER_YEAR = Decimal("0.20")
CAP_FRACTION = Decimal("0.5")
MAX_OFFER = 250_000 * MICRO
MIN_OFFER = 100 * MICRO
MAX_PAYOFF_MONTHS = 36
OFFER_VALID_DAYS = 30
TRAILING_MONTHS = 12

_CTX = Context(prec=34)  # Decimal arithmetic for the projection: exact enough, and never a float
_MONTHLY = _CTX.power(1 - DECAY_PER_YEAR, _CTX.divide(Decimal(1), Decimal(12)))


def right_types(buckets: list[str]) -> list[str]:
    """The right types a list of buckets covers (master → master, neighbouring; publishing →
    performance, mechanical)."""
    return [r for b in buckets for r in BUCKETS[b]]


def month(day: dt.date, offset: int = 0) -> str:
    """The 'YYYY-MM' period ``offset`` months from ``day``'s month."""
    return (day.replace(day=1) + relativedelta(months=offset)).strftime("%Y-%m")


@dataclass(frozen=True)
class Projection:
    """A participant's projected income: ``trailing`` (micro-units over the trailing 12 months)
    and the run rate ``monthly`` (micro-units per month, Decimal) the decay applies to."""

    trailing: int

    @property
    def monthly(self) -> Decimal:
        """The run rate: trailing income per month, micro-units (Decimal)."""
        return _CTX.divide(Decimal(self.trailing), Decimal(TRAILING_MONTHS))

    def income(self, months: int) -> Decimal:
        """Projected income (micro-units) over the next ``months`` months."""
        total, factor = Decimal(0), Decimal(1)
        for _ in range(months):
            factor = _CTX.multiply(factor, _MONTHLY)
            total = _CTX.add(total, _CTX.multiply(self.monthly, factor))
        return total

    def payoff_months(self, amount: int, percent: int, limit: int = MAX_PAYOFF_MONTHS) -> int | None:
        """Months until ``percent`` (millionths) of the projected income reaches ``amount``
        micro-units (0 when nothing is owed); None beyond ``limit`` months or without income."""
        if amount <= 0:
            return 0
        rate = _CTX.multiply(self.monthly, _CTX.divide(Decimal(percent), Decimal(WHOLE)))
        recouped, factor = Decimal(0), Decimal(1)
        for n in range(1, limit + 1):
            factor = _CTX.multiply(factor, _MONTHLY)
            recouped = _CTX.add(recouped, _CTX.multiply(rate, factor))
            if recouped >= amount:
                return n
        return None


class AdvanceOfferEngine:
    """Offers from a projection (module docstring: decay, cap, tiers, payoff)."""

    def projection(self, tx: ManagedTransaction, participant_id: str, currency: str, today: dt.date) -> Projection:
        """The projection from the participant's 12 sale months before ``today``'s month."""
        rows = run(tx, "advances/period_income", participantId=participant_id, currency=currency,
                   fromPeriod=month(today, -TRAILING_MONTHS), toPeriod=month(today))
        return Projection(sum(r["amount"] for r in rows))

    def offer_amount(self, projection: Projection) -> int:
        """The safe cap in micro-units, rounded down to whole currency units (0: no offer)."""
        cap = min(_CTX.multiply(projection.income(12), CAP_FRACTION), Decimal(MAX_OFFER))
        amount = int(cap) // MICRO * MICRO if cap > 0 else 0  # int() truncates: down, as cap > 0
        return amount if amount >= MIN_OFFER else 0

    def terms(self, projection: Projection) -> list[dict]:
        """The offers the projection supports: ``[{amount (micro-units), recoupPercent
        (millionths), buckets, estimatedPayoffMonths}]`` (empty when none)."""
        amount = self.offer_amount(projection)
        if not amount:
            return []
        out = []
        for percent in TIERS:
            months = projection.payoff_months(amount, percent)
            if months is not None:
                out.append({"amount": amount, "recoupPercent": percent, "buckets": list(OFFER_BUCKETS),
                            "estimatedPayoffMonths": months})
        return out


ENGINE = AdvanceOfferEngine()


def _has_active_advance(tx: ManagedTransaction, participant_id: str, currency: str) -> bool:
    return any(r["advance"]["status"] == "active"
               for r in run(tx, "advances/of_participant", participantId=participant_id, currency=currency))


def current_offers(participant_id: str, now: dt.datetime | None = None) -> list[dict]:
    """The participant's open offers in the wallet currency (``offer_out`` shape), making and
    recording them when none is open (module docstring); [] while an advance is active or when
    the projection supports none. Raises ParticipantNotFound."""
    now = now or dt.datetime.now(dt.timezone.utc)
    currency = settings().wallet_currency

    def work(tx):
        if not run(tx, "advances/lock_participant", participantId=participant_id):
            raise ParticipantNotFound(participant_id)
        if _has_active_advance(tx, participant_id, currency):
            return []
        found = [r["offer"] for r in run(tx, "advances/open_offers", participantId=participant_id,
                                         currency=currency, now=now)]
        if found:
            return found
        projection = ENGINE.projection(tx, participant_id, currency, now.date())
        terms = ENGINE.terms(projection)
        offers = [{**t, "offerId": offer_id, "participantId": participant_id, "currency": currency,
                   "createdAt": now, "expiresAt": now + dt.timedelta(days=OFFER_VALID_DAYS),
                   "trailingIncome": projection.trailing, "projectedIncome": int(projection.income(12)),
                   "decayPerYear": str(DECAY_PER_YEAR)}
                  for t, offer_id in zip(terms, reserve_ids(tx, "advance_offer", len(terms)))]
        if offers:
            run(tx, "advances/create_offers", offers=offers)
        return sorted(offers, key=lambda o: o["offerId"], reverse=True)
    return [offer_out(o) for o in sorted(write(work), key=lambda o: o["recoupPercent"])]


def has_offers(participant_id: str, now: dt.datetime | None = None) -> bool:
    """Whether the participant has, or would be made, an advance offer now (the Money Hub's
    ``flags.hasAdvanceOffers``); reads only (a few rollup rows), records nothing."""
    now = now or dt.datetime.now(dt.timezone.utc)
    currency = settings().wallet_currency

    def work(tx):
        if _has_active_advance(tx, participant_id, currency):
            return False
        if run(tx, "advances/open_offers", participantId=participant_id, currency=currency, now=now):
            return True
        return bool(ENGINE.terms(ENGINE.projection(tx, participant_id, currency, now.date())))
    return read(work)


def offer_out(offer: dict) -> dict:
    """An AdvanceOffer as the API writes it: ``{offerId, participantId, amount, currency,
    recoupPercentOfNetRoyalties, buckets, estimatedPayoffMonths, expiresAt, status}`` (amounts
    Decimal, percent Decimal)."""
    return {"offerId": offer["offerId"], "participantId": offer["participantId"],
            "amount": format_amount(offer["amount"]), "currency": offer["currency"],
            "recoupPercentOfNetRoyalties": millionths_to_percent(offer["recoupPercent"]),
            "buckets": list(offer["buckets"]), "estimatedPayoffMonths": offer["estimatedPayoffMonths"],
            "expiresAt": offer["expiresAt"], "status": offer.get("status", "open")}
