"""Apple reports: the Apple Music streaming report (S1) and the iTunes download sales report.

Layouts: FORMATS.md "Apple Music: streaming report S1" (sample
Apple_Streams_S1_80032046_1117_AU_for 201710_example.txt) and "Apple iTunes: download
sales/financial report" (sample Apple_DL_80032046_AU_example.txt). Both are tab-separated.

Apple reports by fiscal month, which starts on a Sunday up to a week before the calendar
month it is named after (fiscal October 2018 ran 30 Sep - 3 Nov): ``period`` is the
calendar month holding the middle of the report's Start Date..End Date, and both dates
go to ``extra``. Dates are MM/DD/YYYY.
"""

import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass

from importers.records import ParseIssue, StatementLine
from importers.statements.common import Header, Record, Row, currency_code, format_error, parse_date, period_of
from importers.statements.rows import parse_headed, parse_table, sniff_head, sniff_table, statement_line
from importers.stores import classify_store

_DATE = "%m/%d/%Y"


def _fiscal_period(start: datetime.date, end: datetime.date) -> str:
    return period_of(start + (end - start) / 2)


# --- Apple Music streams (S1) -----------------------------------------------------------

START_DATE = "Start Date"
END_DATE = "End Date"
CURRENCY = "Currency"
PREAMBLE_KEYS = (START_DATE, END_DATE, CURRENCY)

STOREFRONT = "Storefront Name"
QUANTITY = "Quantity"
NET_ROYALTY_TOTAL = "Net Royalty Total"
ISRC = "ISRC"
ITEM_TITLE = "Item_Title"
ITEM_ARTIST = "Item_Artist"

STREAM_COLUMNS = (STOREFRONT, QUANTITY, NET_ROYALTY_TOTAL, ISRC, ITEM_TITLE, ITEM_ARTIST)

# The key/value preamble is four lines; a file with no header within this many is not S1.
_MAX_PREAMBLE = 16

_STREAM_EXTRA = {
    "Apple Identifier": "apple_identifier",
    "Membership Type": "membership_type",
    "Net Royalty": "net_royalty",
    "Item Type": "item_type",
    "Media Type": "media_type",
    "Vendor Identifier": "vendor_identifier",
    "Offline Indicator": "offline_indicator",
    "Label/Studio/Network": "label",
    "Grid": "grid",
}

_APPLE_MUSIC = classify_store("Apple Music")


@dataclass(frozen=True)
class _Report:
    """What the S1 preamble says about every row."""

    period: str
    currency: str
    start: str
    end: str


def _read_streams_head(records: Iterator[Record | ParseIssue]) -> tuple[Header, _Report]:
    """Read the key/value preamble and the header after it.

    Raises FormatError naming the preamble keys (missing or invalid) and columns missing.
    """
    preamble: dict[str, str] = {}
    header = None
    for _ in range(_MAX_PREAMBLE):
        record = next(records, None)
        if record is None or isinstance(record, ParseIssue):
            break
        if len(record.cells) > 2:
            header = Header(record.cells)
            break
        preamble[record.cells[0].strip().casefold()] = record.cells[-1].strip()
    start = parse_date(preamble.get(START_DATE.casefold(), ""), _DATE)
    end = parse_date(preamble.get(END_DATE.casefold(), ""), _DATE)
    currency = currency_code(preamble.get(CURRENCY.casefold(), ""))
    missing = [key for key, value in zip(PREAMBLE_KEYS, (start, end, currency)) if value is None]
    missing += header.missing(STREAM_COLUMNS) if header else list(STREAM_COLUMNS)
    if missing:
        raise format_error("Apple Music streaming (S1)", missing, empty=header is None and not preamble)
    return header, _Report(_fiscal_period(start, end), currency, start.isoformat(), end.isoformat())


def sniff_apple_music(path: str | os.PathLike) -> bool:
    """True if the file starts with an S1 preamble and header. Raises OSError if unreadable."""
    return sniff_head(path, "\t", _read_streams_head, quoted=False)


def _stream_line(report: _Report, row: Row) -> StatementLine | None:
    territory = row.territory(STOREFRONT)
    units = row.integer(QUANTITY)
    gross = row.decimal(NET_ROYALTY_TOTAL)
    isrc = row.isrc(ISRC)
    if row.issues:
        return None
    return statement_line(
        row.line, _APPLE_MUSIC, usage_type="stream", right_type="master", territory=territory,
        period=report.period, units=units, gross=gross, currency=report.currency, isrc=isrc,
        title=row.get(ITEM_TITLE), artist=row.get(ITEM_ARTIST),
        extra=row.extra(_STREAM_EXTRA, period_start=report.start, period_end=report.end),
    )  # fmt: skip


def parse_apple_music(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """Stream an Apple Music S1 streaming report as StatementLines and ParseIssues, in file order.

    The preamble's Start Date/End Date give ``period`` (see the module docstring) and its
    Currency the ``currency`` of every line; ``gross`` is ``Net Royalty Total``, ``territory``
    the storefront, ``source`` apple_music, ``usage_type`` 'stream', ``right_type`` 'master'.
    Line numbers are physical (the preamble's lines count). Raises FormatError on the first
    iteration if a preamble key or header column is missing; OSError if unreadable.
    """
    return parse_headed(path, "\t", _read_streams_head, _stream_line, quoted=False)


# --- iTunes downloads -------------------------------------------------------------------

UPC = "UPC"
ISRC_ISBN = "ISRC/ISBN"
EXTENDED_PARTNER_SHARE = "Extended Partner Share"
PARTNER_SHARE_CURRENCY = "Partner Share Currency"
ARTIST = "Artist/Show/Developer/Author"
TITLE = "Title"
COUNTRY = "Country Of Sale"

DOWNLOAD_COLUMNS = (
    START_DATE, END_DATE, UPC, ISRC_ISBN, QUANTITY, EXTENDED_PARTNER_SHARE, PARTNER_SHARE_CURRENCY,
    ARTIST, TITLE, COUNTRY,
)  # fmt: skip

_DOWNLOAD_EXTRA = {
    "Vendor Identifier": "vendor_identifier",
    "Partner Share": "partner_share",
    "Sales or Return": "sales_or_return",
    "Apple Identifier": "apple_identifier",
    "Label/Studio/Network/Developer/Publisher": "label",
    "Grid": "grid",
    "Product Type Identifier": "product_type",
    "ISAN/Other Identifier": "isan",
    "Pre-order Flag": "pre_order",
    "Promo Code": "promo_code",
    "Customer Price": "customer_price",
    "Customer Currency": "customer_currency",
}

_ITUNES = classify_store("iTunes")


def sniff_itunes(path: str | os.PathLike) -> bool:
    """True if the file's first line is an iTunes download-report header. Raises OSError if unreadable."""
    return sniff_table(path, "\t", DOWNLOAD_COLUMNS, quoted=False)


def _download_line(row: Row) -> StatementLine | None:
    start = row.date(START_DATE, _DATE)
    end = row.date(END_DATE, _DATE)
    territory = row.territory(COUNTRY)
    units = row.integer(QUANTITY)
    gross = row.decimal(EXTENDED_PARTNER_SHARE)
    currency = row.currency(PARTNER_SHARE_CURRENCY)
    isrc = row.isrc(ISRC_ISBN)
    if row.issues:
        return None
    return statement_line(
        row.line, _ITUNES, usage_type="download", right_type="master", territory=territory,
        period=_fiscal_period(start, end), units=units, gross=gross, currency=currency, isrc=isrc,
        upc=row.get(UPC) or None, title=row.get(TITLE), artist=row.get(ARTIST),
        extra=row.extra(_DOWNLOAD_EXTRA, period_start=start.isoformat(), period_end=end.isoformat()),
    )  # fmt: skip


def parse_itunes(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """Stream an iTunes download sales report as StatementLines and ParseIssues, in file order.

    ``gross`` is ``Extended Partner Share`` in ``Partner Share Currency``; returns (Sales or
    Return 'R') carry negative units and amounts and are ordinary lines. Album rows have a
    UPC and no ISRC. ``source`` itunes, ``usage_type`` 'download', ``right_type`` 'master'.
    Raises FormatError on the first iteration if a required column is missing; OSError if
    the file cannot be read.
    """
    return parse_table(path, "iTunes download", "\t", DOWNLOAD_COLUMNS, _download_line, quoted=False)
