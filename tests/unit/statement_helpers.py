"""What the statement adapter tests share: the real samples' folder and reading a parser's output."""

import decimal
from decimal import Decimal

from importers.records import ParseIssue, StatementLine
from tests.fixtures_paths import REAL

STATEMENTS = REAL / "statements"


def run(results):
    """(statement lines, issues) of a parser's output; anything else in it fails the test."""
    results = list(results)
    lines = [r for r in results if isinstance(r, StatementLine)]
    assert all(isinstance(r, ParseIssue) for r in results if r not in lines)
    return lines, [r for r in results if isinstance(r, ParseIssue)]


def exact_sum(lines):
    """Σ gross with enough precision that nothing is rounded (the default context keeps 28 digits)."""
    with decimal.localcontext(prec=100):
        return sum((line.gross for line in lines), Decimal(0))
