"""Ownership shares: percent with up to 4 decimals, kept exact as integer millionths of the whole.

100 % = 1 000 000 millionths, so 33.3333 % = 333 333 (DESIGN.md "share": never a float).
"""
from __future__ import annotations

from decimal import Decimal

WHOLE = 1_000_000
_STEP = Decimal("0.0001")


def percent_to_millionths(percent: Decimal) -> int:
    """``Decimal('33.3333')`` → 333333. Raises ValueError for more than 4 decimals or a value
    outside 0..100."""
    if percent != percent.quantize(_STEP):
        raise ValueError(f"share {percent} has more than 4 decimals")
    if not (0 <= percent <= 100):
        raise ValueError(f"share {percent} is outside 0..100 percent")
    return int(percent * 10_000)


def millionths_to_percent(millionths: int) -> Decimal:
    """333333 → ``Decimal('33.3333')``; 1000000 → ``Decimal('100')`` (normalized, no exponent)."""
    return Decimal(millionths) / 10_000  # exact: Decimal division keeps the 4 decimals it needs
