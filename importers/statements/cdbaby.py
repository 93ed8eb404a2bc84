"""CD Baby digital distribution sales report: a tab-separated ".txt", one row per partner x track x day.

Layout: FORMATS.md "CD Baby: digital distribution sales report" (sample CdBaby_Test.txt).
The report has no currency column: CD Baby accounts to its artists in US dollars, so
``currency`` is 'USD'. ``Barcode`` is written in double quotes (so spreadsheets keep its
leading zeros); the quotes are dropped. ``Isrc`` is lower-case in the sample and normalized.
"""

import os
from collections.abc import Iterator

from importers.records import ParseIssue, StatementLine
from importers.statements.common import Row, period_of, usage_type
from importers.statements.rows import parse_table, sniff_table, statement_line

CURRENCY = "USD"

REPORT_DATE = "Report Date"
SALES_DATE = "Sales Date"
QUANTITY = "Quantity"
SUBTOTAL = "Subtotal"
ISRC = "Isrc"
BARCODE = "Barcode"
ALBUM = "Album Name"
ARTIST = "Artist Name"
TRACK = "Track Name"
PARTNER = "Partner Name"
TRANSACTION_TYPE = "Transaction Type"
COUNTRY = "Delivery Country"

REQUIRED_COLUMNS = (SALES_DATE, QUANTITY, SUBTOTAL, ISRC, ARTIST, TRACK, PARTNER, TRANSACTION_TYPE, COUNTRY)

# e.g. '10/15/2023 12:00:00 AM'
_DATE_TIME = "%m/%d/%Y %I:%M:%S %p"

_EXTRA_COLUMNS = {
    "Price": "price",
    "CDBabySku": "cdbaby_sku",
    ALBUM: "album",
    PARTNER: "partner",
    TRANSACTION_TYPE: "transaction_type",
}


def sniff_cdbaby(path: str | os.PathLike) -> bool:
    """True if the file's first line is a CD Baby sales-report header. Raises OSError if unreadable."""
    return sniff_table(path, "\t", REQUIRED_COLUMNS, quoted=False)


def _parse_row(row: Row) -> StatementLine | None:
    sold = row.date(SALES_DATE, _DATE_TIME)
    reported = row.date(REPORT_DATE, _DATE_TIME) if row.get(REPORT_DATE) else None
    store = row.store(PARTNER)
    territory = row.territory(COUNTRY)
    units = row.integer(QUANTITY)
    gross = row.decimal(SUBTOTAL)
    isrc = row.isrc(ISRC)
    if row.issues:
        return None
    return statement_line(
        row.line, store, usage_type=usage_type(store, row.get(TRANSACTION_TYPE)), right_type="master",
        territory=territory, period=period_of(sold), reported_on=reported, units=units, gross=gross,
        currency=CURRENCY, isrc=isrc, upc=row.get(BARCODE).strip('"') or None, title=row.get(TRACK) or row.get(ALBUM),
        artist=row.get(ARTIST), extra=row.extra(_EXTRA_COLUMNS),
    )  # fmt: skip


def parse_cdbaby(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """Stream a CD Baby sales report (TSV) as StatementLines and ParseIssues, in file order.

    ``period`` is the month of ``Sales Date``, ``reported_on`` the ``Report Date`` (both
    'M/D/YYYY h:mm:ss AM'), ``source`` the partner store ('Amazon Prime IN' → amazon_music),
    ``usage_type`` from ``Transaction Type``, ``gross`` the ``Subtotal`` in USD,
    ``right_type`` 'master'. Raises FormatError on the first iteration if a required column
    is missing; OSError if the file cannot be read.
    """
    return parse_table(path, "CD Baby", "\t", REQUIRED_COLUMNS, _parse_row, quoted=False)
