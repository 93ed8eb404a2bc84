"""Exact money: micro-unit conversion, proportional splits and drift-free rounding.

Pure Python with no project imports; amounts are ints of micro-units
(10^-6 of a currency unit) or ``Decimal``, never floats.
"""

from app.money.rounding import CumulativeRounder
from app.money.split import split_largest_remainder
from app.money.units import MICRO, format_amount, from_micro, to_micro

__all__ = [
    "MICRO",
    "CumulativeRounder",
    "format_amount",
    "from_micro",
    "split_largest_remainder",
    "to_micro",
]
