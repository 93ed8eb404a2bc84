"""PRS for Music distribution statement, in the simplified CSV layout of the samples.

Layout: FORMATS.md "PRS for Music: distribution statement CSV" (samples
prs-simple-3-songs.csv, prs-simple-multiple-artist.csv: Record Number, CAE Number, Work
Title, Amount (performance revenue), IP1). The full PRS CSV has more columns, known only
from third-party descriptions; they are not read here.

The layout states neither period nor currency nor territory: the caller gives ``period``
(the distribution's, as entered at upload), ``currency`` is 'GBP' (PRS distributes to its
members in pounds sterling) and ``territory`` WORLD (the usage is not broken down by
country, so the line matches world-wide performance rights). ``units`` is 0: no usage
count is reported.
"""

import functools
import os
from collections.abc import Iterator

from importers.records import ParseIssue, StatementLine
from importers.statements.common import WORLD, Row, given_period
from importers.statements.rows import parse_table, sniff_table, statement_line
from importers.stores import Store

CURRENCY = "GBP"

RECORD_NUMBER = "Record Number"
CAE_NUMBER = "CAE Number"
WORK_TITLE = "Work Title"
AMOUNT = "Amount (performance revenue)"
IP1 = "IP1"

REQUIRED_COLUMNS = (CAE_NUMBER, WORK_TITLE, AMOUNT)

_EXTRA_COLUMNS = {RECORD_NUMBER: "record_number", CAE_NUMBER: "cae_number", IP1: "ip1"}

_PRS = Store("prs", "PRS for Music", "performance")


def sniff_prs(path: str | os.PathLike) -> bool:
    """True if the file's first line is a PRS statement header. Raises OSError if unreadable."""
    return sniff_table(path, ",", REQUIRED_COLUMNS)


def _parse_row(period: str | None, row: Row) -> StatementLine | None:
    period = given_period(row, period, "PRS")
    gross = row.decimal(AMOUNT)
    if row.issues:
        return None
    return statement_line(
        row.line, _PRS, usage_type="performance", right_type="performance", territory=WORLD, period=period,
        units=0, gross=gross, currency=CURRENCY, title=row.get(WORK_TITLE), artist=row.get(IP1),
        extra=row.extra(_EXTRA_COLUMNS),
    )  # fmt: skip


def parse_prs(path: str | os.PathLike, period: str | None = None) -> Iterator[StatementLine | ParseIssue]:
    """Stream a PRS statement (simplified CSV) as StatementLines and ParseIssues, in file order.

    ``period`` ('YYYY-MM') is the statement's; without it every row yields a whole-row
    ParseIssue saying so. ``source`` prs, ``usage_type`` and ``right_type`` 'performance',
    ``title`` the Work Title, ``artist`` IP1 (the interested party), the CAE/IPI number in
    ``extra['cae_number']``. Raises FormatError on the first iteration if a required column
    is missing, ValueError on the first row if ``period`` is not 'YYYY-MM', OSError if the
    file cannot be read.
    """
    return parse_table(path, "PRS", ",", REQUIRED_COLUMNS, functools.partial(_parse_row, period))
