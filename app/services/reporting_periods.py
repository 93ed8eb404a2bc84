"""Reporting periods of a reciprocal agreement's frequency (issue 7 item 8): Quarterly = calendar
quarters, SemiAnnual = calendar halves, Annual = calendar years, or a cron expression (the
periods between its consecutive fire times, cron evaluated by croniter, in UTC dates).

A period is ``{period (label: 2025-Q1, 2025-H2, 2025, or "<start>..<end>" for cron),
periodStart, periodEnd}`` with ``periodEnd`` exclusive.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from croniter import croniter

NAMED = {"Quarterly": 3, "SemiAnnual": 6, "Annual": 12}  # months per period
_PROBE_FIRES = 50  # cron fire times sampled to check the expression fires at most daily
_DAY = dt.timedelta(days=1)


def valid_frequency(value: str) -> str | None:
    """What is wrong with a reporting frequency, or None: one of ``NAMED`` or a standard
    5-field cron expression whose fire times are at least a day apart (a cycle per day at
    most: finer periods would be empty)."""
    if value in NAMED:
        return None
    if len(value.split()) != 5 or not croniter.is_valid(value):
        return f"must be one of {', '.join(NAMED)} or a 5-field cron expression"
    it = croniter(value, dt.datetime(2000, 1, 1))
    fires = [it.get_next(dt.datetime) for _ in range(_PROBE_FIRES)]
    if any(b - a < _DAY for a, b in zip(fires, fires[1:])):
        return "a cron reporting frequency must fire at most once a day"
    return None


def _label(start: dt.date, months: int) -> str:
    if months == 3:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    if months == 6:
        return f"{start.year}-H{(start.month - 1) // 6 + 1}"
    return str(start.year)


def _add_months(day: dt.date, months: int) -> dt.date:
    total = day.month - 1 + months
    return dt.date(day.year + total // 12, total % 12 + 1, 1)


def periods(frequency: str, start: dt.date, until: dt.date) -> Iterator[dict]:
    """The periods of ``frequency`` from ``start`` that end on or before ``until``, in order.
    Named frequencies give whole calendar periods, the first one containing ``start``; a cron
    expression gives ``[start, first fire)`` then the spans between fire times (fires on the
    same date merge)."""
    if frequency in NAMED:
        months = NAMED[frequency]
        begin = dt.date(start.year, (start.month - 1) // months * months + 1, 1)
        while (end := _add_months(begin, months)) <= until:
            yield {"period": _label(begin, months), "periodStart": begin, "periodEnd": end}
            begin = end
        return
    it = croniter(frequency, dt.datetime.combine(start, dt.time()))
    begin = start
    while (end := it.get_next(dt.datetime).date()) <= until:
        if end > begin:
            yield {"period": f"{begin.isoformat()}..{end.isoformat()}", "periodStart": begin, "periodEnd": end}
            begin = end
