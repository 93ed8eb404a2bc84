"""TuneCore sales report: a CSV, one row per store x country x song or album x month.

Layout: FORMATS.md "TuneCore: sales report" (sample Tunecore_Test.csv, 21 columns).
``gross`` is ``Total Earned`` in the row's ``Currency`` (what TuneCore credits, after
conversion); the store's own figures (``Net Sales`` in ``Net Sales Currency``, ``Exchange
Rate``) are kept in ``extra``. ``Optional ISRC`` is the ISRC; when it is empty an
ISRC-shaped ``TC Song ID`` is used, since one real export carried TuneCore-assigned ISRCs
(USTCZ…) there.
"""

import os
from collections.abc import Iterator

from importers.identifiers import is_valid_isrc, normalize_isrc
from importers.records import ParseIssue, StatementLine
from importers.statements.common import Row, period_of, usage_type
from importers.statements.rows import parse_table, sniff_table, statement_line

SALES_PERIOD = "Sales Period"
POSTED_DATE = "Posted Date"
STORE = "Store Name"
COUNTRY = "Country Of Sale"
ARTIST = "Artist"
RELEASE_TYPE = "Release Type"
RELEASE_TITLE = "Release Title"
SONG_TITLE = "Song Title"
UPC = "UPC"
TC_SONG_ID = "TC Song ID"
ISRC = "Optional ISRC"
SALES_TYPE = "Sales Type"
UNITS = "# Units Sold"
TOTAL_EARNED = "Total Earned"
CURRENCY = "Currency"

REQUIRED_COLUMNS = (SALES_PERIOD, STORE, COUNTRY, ARTIST, RELEASE_TYPE, SONG_TITLE, UNITS, TOTAL_EARNED, CURRENCY)

_EXTRA_COLUMNS = {
    RELEASE_TYPE: "release_type",
    RELEASE_TITLE: "release_title",
    "Label": "label",
    "Optional UPC": "optional_upc",
    TC_SONG_ID: "tc_song_id",
    SALES_TYPE: "sales_type",
    "Per Unit Price": "per_unit_price",
    "Net Sales": "net_sales",
    "Net Sales Currency": "net_sales_currency",
    "Exchange Rate": "exchange_rate",
    "Commission": "commission",
}


def sniff_tunecore(path: str | os.PathLike) -> bool:
    """True if the file's first line is a TuneCore sales-report header. Raises OSError if unreadable."""
    return sniff_table(path, ",", REQUIRED_COLUMNS)


def _isrc(row: Row) -> str | None:
    isrc = row.isrc(ISRC)
    if isrc is None and is_valid_isrc(row.get(TC_SONG_ID)):
        return normalize_isrc(row.get(TC_SONG_ID))
    return isrc


def _parse_row(row: Row) -> StatementLine | None:
    sold = row.date(SALES_PERIOD, "%Y-%m-%d")
    posted = row.date(POSTED_DATE, "%Y-%m-%d") if row.get(POSTED_DATE) else None
    store = row.store(STORE)
    territory = row.territory(COUNTRY)
    units = row.integer(UNITS)
    gross = row.decimal(TOTAL_EARNED)
    currency = row.currency(CURRENCY)
    isrc = _isrc(row)
    if row.issues:
        return None
    return statement_line(
        row.line, store, usage_type=usage_type(store, row.get(SALES_TYPE)), right_type="master",
        territory=territory, period=period_of(sold), reported_on=posted, units=units, gross=gross,
        currency=currency, isrc=isrc, upc=row.get(UPC) or None, title=row.get(SONG_TITLE) or row.get(RELEASE_TITLE),
        artist=row.get(ARTIST), extra=row.extra(_EXTRA_COLUMNS),
    )  # fmt: skip


def parse_tunecore(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """Stream a TuneCore sales report (CSV) as StatementLines and ParseIssues, in file order.

    Encoding is sniffed (UTF-8 with or without BOM, else Windows-1252); any line ends.
    ``period`` is the month of ``Sales Period``, ``reported_on`` the ``Posted Date``,
    ``usage_type`` from ``Sales Type`` (Streaming/Download) unless the store is UGC,
    ``right_type`` 'master'. A bad row yields one ParseIssue per bad cell (physical line
    numbers, header = 1). Raises FormatError on the first iteration if a required column
    is missing; OSError if the file cannot be read.
    """
    return parse_table(path, "TuneCore", ",", REQUIRED_COLUMNS, _parse_row)
