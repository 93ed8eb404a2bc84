"""Currency conversion of statement lines into the statement's (wallet) currency.

DESIGN.md "Money": currencies are explicit on every amount; a conversion records rate, source and
date. A statement's rate table is given when it is registered (API form field ``rates``, CLI
``--rate FROM:TO:RATE[:SOURCE[:DATE]]``) and kept on it as
``(:Statement)-[:USES_RATE]->(:FxRate {from, to, rate, source, date})``: ``rate`` is a decimal
string (never a float), the number of ``to`` units one ``from`` unit buys; ``source`` says where
it comes from (e.g. 'ECB reference rate', default 'manual'); ``date`` the day it applies to.
Rates are into the statement's currency only, one per ``from`` currency.

Conversion is exact: ``Decimal(gross) × Decimal(rate)`` in a context that raises rather than
round, then the statement's ``CumulativeRounder`` turns the converted amounts into micro-units,
so the lines add up to the converted exact total rounded once. A line whose currency has no rate
is not posted: it becomes a line-numbered ParseIssue on field 'currency' (the statement ends
``processed_with_errors``, its other lines are allocated). Registration refuses a file whose
first line is in a currency without a rate (most layouts carry one currency), so the common
case is caught at upload; per-line issues cover mixed-currency files (Bandcamp, TuneCore). A
rate added later posts those lines (``late_rates``).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Context, Decimal, Inexact, InvalidOperation

from app.money import CumulativeRounder
from importers.records import ParseIssue, StatementLine
from importers.statements.common import currency_code

# A product of two exact decimals has at most the sum of their digits: 100 digits is far beyond
# any statement amount × rate, and the Inexact trap proves nothing was rounded.
_EXACT = Context(prec=100, traps=[Inexact, InvalidOperation])
MAX_RATE_DIGITS = 30
DEFAULT_RATE_SOURCE = "manual"


class InvalidRates(ValueError):
    """The rate table is unusable. ``errors`` maps ``'<index>.<field>'`` (or ``'rates'``) to
    messages, every problem at once."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"rates[{key}]: {' '.join(msgs)}" if key != "rates" else " ".join(msgs)
                                   for key, msgs in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Rate:
    """One exchange rate: 1 ``from_`` = ``rate`` ``to``, from ``source``, for ``date``."""

    from_: str
    to: str
    rate: Decimal
    source: str
    date: dt.date

    def props(self) -> dict:
        """The FxRate node's properties (rate as a decimal string, date as a date)."""
        return {"from": self.from_, "to": self.to, "rate": f"{self.rate:f}", "source": self.source, "date": self.date}


def parse_rates(items: Iterable[dict], to: str, today: dt.date | None = None) -> list[Rate]:
    """Validate a rate table given as ``[{from, to, rate, source?, date?}]`` (rate a decimal
    string or int, never a float; date ISO or a ``date``; ``to`` must be the statement currency
    ``to``; one rate per ``from``). ``date`` defaults to ``today`` (UTC today), ``source`` to
    'manual'. Raises InvalidRates naming every bad entry and field."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    errors: dict[str, list[str]] = {}
    rates, seen = [], set()
    for i, item in enumerate(items):
        def fail(name: str, message: str) -> None:
            errors.setdefault(f"{i}.{name}", []).append(message)
        if not isinstance(item, dict):
            errors.setdefault(str(i), []).append("a rate is an object {from, to, rate, source, date}")
            continue
        src = currency_code(str(item.get("from") or ""))
        dst = currency_code(str(item.get("to") or to))
        if src is None:
            fail("from", "not an ISO 4217 currency code")
        if dst is None:
            fail("to", "not an ISO 4217 currency code")
        elif dst != to:
            fail("to", f"rates convert into the statement currency {to}, not {dst}")
        if src is not None and src == dst:
            fail("from", f"a rate from {src} to itself is not needed")
        if src in seen:
            fail("from", f"more than one rate from {src}")
        seen.add(src)
        rate = _rate(item.get("rate"))
        if rate is None:
            fail("rate", f"a positive decimal number (string) of at most {MAX_RATE_DIGITS} digits")
        date = _date(item.get("date"), today)
        if date is None:
            fail("date", "an ISO date YYYY-MM-DD")
        source = str(item.get("source") or DEFAULT_RATE_SOURCE).strip()
        if len(source) > 200:
            fail("source", "at most 200 characters")
        if not any(key.startswith(f"{i}.") for key in errors):
            rates.append(Rate(src, dst, rate, source, date))
    if errors:
        raise InvalidRates(errors)
    return rates


def parse_rate_spec(spec: str, to: str) -> dict:
    """A CLI rate ``FROM:TO:RATE[:SOURCE[:DATE]]`` (``TO`` may be left empty for the statement
    currency ``to``) as a ``parse_rates`` item. Raises InvalidRates for a spec of the wrong shape."""
    parts = spec.split(":")
    if not 3 <= len(parts) <= 5:
        raise InvalidRates({"rates": [f"{spec!r} is not FROM:TO:RATE[:SOURCE[:DATE]]"]})
    item = {"from": parts[0], "to": parts[1] or to, "rate": parts[2]}
    if len(parts) > 3:
        item["source"] = parts[3]
    if len(parts) > 4:
        item["date"] = parts[4]
    return item


def _rate(value) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
        return None  # floats are refused: a rate must be exact as written
    try:
        rate = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    ok = rate.is_finite() and rate > 0 and len(rate.as_tuple().digits) <= MAX_RATE_DIGITS
    return rate if ok else None


def _date(value, today: dt.date) -> dt.date | None:
    if value in (None, ""):
        return today
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


class Converter:
    """Converts a statement's lines into its currency with its rate table.

    ``rates``: the statement's FxRate properties ``[{from, to, rate (str), source, date}]``;
    ``currency``: the statement currency."""

    def __init__(self, rates: Iterable[dict], currency: str):
        self.currency = currency
        self.rates = {r["from"]: Decimal(r["rate"]) for r in rates if r["to"] == currency}

    def rate(self, currency: str) -> Decimal | None:
        """The rate from ``currency`` (1 for the statement currency), or None when there is none."""
        return Decimal(1) if currency == self.currency else self.rates.get(currency)

    def convert(self, line: StatementLine) -> Decimal | None:
        """The line's gross in the statement currency, exact; None when its currency has no rate."""
        if line.currency == self.currency:
            return line.gross
        rate = self.rates.get(line.currency)
        return None if rate is None else convert_amount(line.gross, rate)

    def money_lines(self, batch: Iterable[StatementLine | ParseIssue], rounder: CumulativeRounder
                    ) -> tuple[list[tuple[StatementLine, int]], list[ParseIssue]]:
        """Split a parsed batch into (line, micro-units in the statement currency) pairs, rounded
        cumulatively by ``rounder``, and issues: the parser's, plus one per line whose currency
        has no rate (field 'currency', raw the currency)."""
        lines, issues = [], []
        for item in batch:
            if isinstance(item, ParseIssue):
                issues.append(item)
                continue
            amount = self.convert(item)
            if amount is None:
                issues.append(missing_rate(item, self.currency))
            else:
                lines.append((item, rounder.add(amount)))
        return lines, issues

    def original_fields(self, line: StatementLine) -> dict:
        """What a RoyaltyEvent keeps of the line as reported: ``originalCurrency``,
        ``originalGross`` (plain decimal string, exact) and ``fxRate`` (decimal string; None when
        the line is in the statement currency)."""
        rate = None if line.currency == self.currency else f"{self.rates[line.currency]:f}"
        return {"originalCurrency": line.currency, "originalGross": f"{line.gross:f}", "fxRate": rate}


def convert_amount(amount: Decimal, rate: Decimal) -> Decimal:
    """``amount`` × ``rate``, exact (raises decimal.Inexact rather than round): the caller rounds
    once, to micro-units (``app.money.to_micro`` or a ``CumulativeRounder``)."""
    return _EXACT.multiply(amount, rate)


def missing_rate(line: StatementLine, currency: str) -> ParseIssue:
    """The issue of a line whose currency has no rate into ``currency``."""
    return ParseIssue(line.line, "currency", f"no exchange rate from {line.currency} to {currency} on this "
                                             f"statement: the line is not posted", line.currency)
