"""Generic publisher royalty statement: a CSV of works, right types and amounts.

Layout: FORMATS.md "Generic publisher statement" (sample royaltystatement.csv, from
Django-Music-Publisher's tests: Work Title, Work ID, Composers, Right Type, Source,
Amount, Currency). ``Work ID`` mixes identifier kinds: an ISRC becomes ``isrc``, an ISWC
``extra['iswc']`` (display form T-DDD.DDD.DDD-C; the check digit is left to matching), and
any other value (the sender's own work id, a society tunecode such as 337739ES) stays
only in ``extra['work_id']``, which always holds the cell as reported.

``Right Type`` uses CWR's codes: PR performance, MR mechanical, SR synchronization. The
layout states no period and no territory: the caller gives ``period``, and lines get
territory WORLD. ``source`` is the store or society named in ``Source`` when there is
one, else 'publisher'. ``units`` is 0: no usage count is reported.
"""

import functools
import os
from collections.abc import Iterator

from importers.identifiers import IdentifierError, is_valid_isrc, normalize_isrc, normalize_iswc
from importers.records import ParseIssue, StatementLine
from importers.statements.common import WORLD, Row, given_period
from importers.statements.rows import parse_table, sniff_table, statement_line
from importers.stores import Store

WORK_TITLE = "Work Title"
WORK_ID = "Work ID"
COMPOSERS = "Composers"
RIGHT_TYPE = "Right Type"
SOURCE = "Source"
AMOUNT = "Amount"
CURRENCY = "Currency"

REQUIRED_COLUMNS = (WORK_TITLE, WORK_ID, RIGHT_TYPE, AMOUNT, CURRENCY)

# CWR right codes -> (right_type, usage_type)
_RIGHTS = {"PR": ("performance", "performance"), "MR": ("mechanical", "mechanical"), "SR": ("sync", "other")}

_PUBLISHER = Store("publisher", "Publisher statement", "other")


def sniff_publisher(path: str | os.PathLike) -> bool:
    """True if the file's first line is a generic publisher statement header. Raises OSError if unreadable."""
    return sniff_table(path, ",", REQUIRED_COLUMNS)


def _identifiers(work_id: str) -> tuple[str | None, dict[str, str]]:
    """(isrc, extra identifiers) of a Work ID cell."""
    if is_valid_isrc(work_id):
        return normalize_isrc(work_id), {"work_id": work_id}
    try:
        return None, {"work_id": work_id, "iswc": normalize_iswc(work_id)}
    except IdentifierError:
        return None, {"work_id": work_id}


def _parse_row(period: str | None, row: Row) -> StatementLine | None:
    period = given_period(row, period, "Publisher statement")
    rights = _RIGHTS.get(row.get(RIGHT_TYPE).upper())
    if rights is None:
        row.fail(RIGHT_TYPE, f"{RIGHT_TYPE} is not PR, MR or SR")
    store = row.store(SOURCE) if row.get(SOURCE) else _PUBLISHER
    gross = row.decimal(AMOUNT)
    currency = row.currency(CURRENCY)
    if not row.get(WORK_ID):
        row.fail(WORK_ID, f"{WORK_ID} is empty")
    if row.issues:
        return None
    isrc, identifiers = _identifiers(row.get(WORK_ID))
    return statement_line(
        row.line, store, usage_type=rights[1], right_type=rights[0], territory=WORLD, period=period, units=0,
        gross=gross, currency=currency, isrc=isrc, title=row.get(WORK_TITLE), artist=row.get(COMPOSERS),
        extra=row.extra({RIGHT_TYPE: "right_code"}, **identifiers),
    )  # fmt: skip


def parse_publisher(path: str | os.PathLike, period: str | None = None) -> Iterator[StatementLine | ParseIssue]:
    """Stream a generic publisher statement as StatementLines and ParseIssues, in file order.

    ``period`` ('YYYY-MM') is the statement's; without it every row yields a whole-row
    ParseIssue saying so. ``artist`` is the Composers cell. A Currency that is not an ISO
    4217 code (the sample's 'Really') is an issue: amounts are never given a guessed
    currency. Raises FormatError on the first iteration if a required column is missing,
    ValueError on the first row if ``period`` is not 'YYYY-MM', OSError if unreadable.
    """
    return parse_table(path, "publisher", ",", REQUIRED_COLUMNS, functools.partial(_parse_row, period))
