"""Conversion between exact decimal amounts and integer micro-units.

A micro-unit is 10^-6 of a currency unit. The graph stores money as integer
micro-units; Python code holds exact ``Decimal`` values; floats never appear.
"""

from decimal import Decimal

MICRO = 1_000_000
_MICRO_DIGITS = 6


def _div_round_half_even(numerator: int, denominator: int) -> int:
    """Return numerator / denominator rounded half-to-even (denominator > 0)."""
    quotient, remainder = divmod(numerator, denominator)
    twice = 2 * remainder
    if twice > denominator or (twice == denominator and quotient % 2):
        quotient += 1
    return quotient


def _as_decimal(amount: Decimal | str | int) -> Decimal:
    # Floats are refused because they are inexact; bool because, although an
    # int subclass, it is never an amount.
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, str, int)):
        raise TypeError(f"amount must be Decimal, str or int, not {type(amount).__name__}")
    try:
        value = Decimal(amount)
    except ArithmeticError as exc:
        raise ValueError(f"not a decimal amount: {amount!r}") from exc
    if not value.is_finite():
        raise ValueError(f"amount must be finite, got {amount!r}")
    return value


def to_micro(amount: Decimal | str | int) -> int:
    """Convert a currency amount to integer micro-units, exactly.

    ``amount`` is in currency units (``Decimal('1.5')`` -> ``1500000``). Digits
    beyond the sixth decimal are rounded half-to-even to the nearest micro-unit.
    The arithmetic is done on integers, so the result never depends on the
    active ``decimal`` context's precision.

    Raises ``TypeError`` for floats, bools and other types; ``ValueError`` for
    strings that are not numbers and for NaN or infinity.
    """
    value = _as_decimal(amount)
    sign, digits, exponent = value.as_tuple()
    coefficient = int("".join(map(str, digits)))
    shift = exponent + _MICRO_DIGITS
    if shift >= 0:
        magnitude = coefficient * 10**shift
    elif -shift > len(digits):
        # The value is below a tenth of a micro-unit, so it rounds to zero; skipping
        # the division avoids building 10**huge for inputs like '1E-999999'.
        magnitude = 0
    else:
        magnitude = _div_round_half_even(coefficient, 10**-shift)
    return -magnitude if sign else magnitude


def _require_int(micro: int) -> None:
    if isinstance(micro, bool) or not isinstance(micro, int):
        raise TypeError(f"micro-units must be an int, not {type(micro).__name__}")


def from_micro(micro: int) -> Decimal:
    """Convert integer micro-units to an exact ``Decimal`` with six decimals.

    ``1234500`` -> ``Decimal('1.234500')``; ``0`` -> ``Decimal('0.000000')``.
    Raises ``TypeError`` if ``micro`` is not an int.
    """
    _require_int(micro)
    # Building from a string is exact; arithmetic would round to the context.
    return Decimal(f"{micro}E-{_MICRO_DIGITS}")


def format_amount(micro: int) -> Decimal:
    """Return the shortest exact ``Decimal`` for ``micro`` micro-units, for JSON.

    Trailing fractional zeros are dropped, and the exponent is never positive,
    so the value never prints in exponent notation:
    ``2387420000`` -> ``Decimal('2387.42')``, ``1000000000`` -> ``Decimal('1000')``,
    ``0`` -> ``Decimal('0')``. Raises ``TypeError`` if ``micro`` is not an int.
    """
    _require_int(micro)
    coefficient, exponent = micro, -_MICRO_DIGITS
    while exponent < 0 and coefficient % 10 == 0:
        coefficient //= 10
        exponent += 1
    return Decimal(f"{coefficient}E{exponent}")
