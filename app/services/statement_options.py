"""The options a statement is registered with, checked at upload with everything else (every
problem at once, by field): its period and the total declared for it (app.services.statements)."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from importers.statements.common import currency_code


def check(source: str | None, period: str | None, needs_period: bool, declared_total, declared_currency: str | None,
          errors: dict[str, list[str]]) -> tuple[str | None, str | None]:
    """Check ``period`` ('YYYY-MM'; required when ``needs_period``: the ``source`` layout states
    none), ``declared_total`` (a decimal, never a float) and ``declared_currency`` (ISO 4217);
    problems go to ``errors`` under ``period``, ``declaredTotal``, ``currency``. Returns (the
    declared total as a plain decimal string, the currency), None where absent or invalid."""
    if period is not None and not is_period(period):
        errors["period"] = [f"period must be 'YYYY-MM', not {period!r}"]
    elif period is None and needs_period:
        errors["period"] = [f"a {source} statement states no period: give period='YYYY-MM'"]
    total = None
    if declared_total is not None:
        try:
            if isinstance(declared_total, float):
                raise InvalidOperation  # a float is not an exact amount
            total = Decimal(str(declared_total).strip())
            if not total.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            errors["declaredTotal"] = [f"not a decimal amount: {declared_total!r}"]
            total = None
    currency = None
    if declared_currency:
        currency = currency_code(declared_currency)
        if currency is None:
            errors["currency"] = [f"not an ISO 4217 currency code: {declared_currency!r}"]
    return (None if total is None else f"{total:f}"), currency


def is_period(text: str) -> bool:
    """True for a 'YYYY-MM' month."""
    try:
        return len(text) == 7 and dt.date.fromisoformat(text + "-01") is not None
    except ValueError:
        return False
