"""Rounding a stream of exact amounts to micro-units without drift."""

from decimal import Context, Decimal, Inexact

from app.money.units import to_micro

# Sums of exact amounts are exact; this context proves it by raising
# decimal.Inexact instead of silently rounding a sum with too many digits.
_EXACT = Context(prec=100, traps=[Inexact])


class CumulativeRounder:
    """Convert exact ``Decimal`` line amounts to micro-units, carrying the rounding.

    Statement lines often carry 8-10 decimals. Rounding each line on its own
    lets the errors pile up; instead each line is given the difference between
    the rounded running totals after and before it. Hence each line is within
    1 micro-unit of its exact value, and the sum of all lines is exactly the
    statement's exact total rounded (half-to-even) to the micro-unit.
    """

    def __init__(self, exact_total: Decimal = Decimal(0)) -> None:
        """Start from ``exact_total`` (currency units; zero by default): the exact total of the
        lines rounded before, e.g. a statement's lines posted earlier, so the lines added now
        continue its rounding and the whole stays its exact total rounded once."""
        self._exact_total = _EXACT.add(Decimal(0), exact_total)
        self._micro_total = to_micro(self._exact_total)

    def add(self, amount: Decimal) -> int:
        """Add one exact amount (currency units) and return its micro-units.

        Returns ``to_micro(total_after) - to_micro(total_before)``. Raises
        ``TypeError`` if ``amount`` is not a ``Decimal``, ``ValueError`` if it
        is NaN or infinite, and ``decimal.Inexact`` if the running total would
        need more than 100 significant digits.
        """
        if not isinstance(amount, Decimal):
            raise TypeError(f"amount must be a Decimal, not {type(amount).__name__}")
        if not amount.is_finite():
            raise ValueError(f"amount must be finite, got {amount!r}")
        self._exact_total = _EXACT.add(self._exact_total, amount)
        micro_after = to_micro(self._exact_total)
        step = micro_after - self._micro_total
        self._micro_total = micro_after
        return step

    @property
    def exact_total(self) -> Decimal:
        """The exact sum of the amounts added so far, in currency units."""
        return self._exact_total

    @property
    def micro_total(self) -> int:
        """The sum of the micro-units returned so far (= ``to_micro(exact_total)``)."""
        return self._micro_total
