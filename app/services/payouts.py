"""Payout schedule (payout requests, approval and providers come with the Money OS issue)."""
from __future__ import annotations

import datetime as dt


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
