"""YouTube Content ID summary report (an asset owner's monthly royalties): docs only — no sample.

Layout: FORMATS.md "YouTube: Content ID / Reporting API system-managed reports", the Content
ID summary layout documented by a Content ID administrator (3rd-party: docs.yourv.id,
"Understand Content ID Reports"): Payee ID, Asset ID, Asset Title, Artist, Album, ISRC, UPC,
Custom Labels, Views, Royalties (EUR), Payout Rate, Share, Payout (EUR). No sample file was
found: the tests build files from that column list, so check a real report before relying on
this adapter. (The Reporting API fields FORMATS.md also names, such as ``adjustment_type``,
come without the column list of any one report, so no layout is built from them.)

What the documentation leaves open is decided here:

* comma-separated, with optional double quotes (the page is about opening "CSV files");
* the currency is the one the amount columns are named after ('Payout (EUR)' → EUR; any
  ISO 4217 code), and a Royalties column must name the same one;
* ``gross`` is Payout, "the actual amount payable to you"; Royalties (the total before Payout
  Rate and Share), Payout Rate and Share go to ``extra``;
* the layout states no month and no country: the caller gives ``period``, and ``territory``
  is WORLD;
* ``units`` is Views; ``usage_type`` 'ugc' (Content ID claims); ``right_type`` 'master' (the
  assets are sound recordings, identified by ISRC).
"""

import functools
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from importers.records import FormatError, ParseIssue, StatementLine
from importers.statements.common import WORLD, Header, Record, Row, currency_code, format_error, given_period
from importers.statements.rows import parse_headed, sniff_head, statement_line
from importers.stores import classify_store

PAYEE_ID = "Payee ID"
ASSET_ID = "Asset ID"
ASSET_TITLE = "Asset Title"
ARTIST = "Artist"
ALBUM = "Album"
ISRC = "ISRC"
UPC = "UPC"
VIEWS = "Views"

REQUIRED_COLUMNS = (ASSET_ID, ASSET_TITLE, VIEWS)  # and Payout (<currency>)

_PAYOUT = re.compile(r"payout \(([a-z]{3})\)")
_ROYALTIES = re.compile(r"royalties \(([a-z]{3})\)")

_EXTRA_COLUMNS = {
    PAYEE_ID: "payee_id",
    ASSET_ID: "asset_id",
    ALBUM: "album",
    "Custom Labels": "custom_labels",
    "Payout Rate": "payout_rate",
    "Share": "share",
}

_YOUTUBE = classify_store("YouTube Content ID")


@dataclass(frozen=True)
class _Layout:
    currency: str
    payout: str  # the amount columns' names as the header writes them
    royalties: str | None


def _named(header: list[str], pattern: re.Pattern) -> tuple[str | None, str | None]:
    """The first header cell matching ``pattern`` (as written) and the currency it names."""
    for cell in header:
        match = pattern.fullmatch(cell.strip().casefold())
        if match:
            return cell.strip(), currency_code(match.group(1))
    return None, None


def _read_head(records: Iterator[Record | ParseIssue]) -> tuple[Header, _Layout]:
    """Read the header; FormatError naming the missing columns (or the currencies that differ)."""
    first = next(records, None)
    cells = first.cells if isinstance(first, Record) else []
    header = Header(cells)
    payout, currency = _named(cells, _PAYOUT)
    royalties, royalties_currency = _named(cells, _ROYALTIES)
    missing = header.missing(REQUIRED_COLUMNS) + ([] if currency else ["Payout (<ISO 4217 currency>)"])
    if missing:
        raise format_error("YouTube Content ID summary", missing, empty=first is None)
    if royalties and royalties_currency != currency:
        raise FormatError(f"{royalties!r} and {payout!r} name different currencies", [f"Royalties ({currency})"])
    return header, _Layout(currency, payout, royalties)


def sniff_youtube_content_id(path: str | os.PathLike) -> bool:
    """True if the file's first line is a Content ID summary header. Raises OSError if unreadable."""
    return sniff_head(path, ",", _read_head)


def _parse_row(period: str | None, layout: _Layout, row: Row) -> StatementLine | None:
    period = given_period(row, period, "YouTube Content ID summary")
    if not row.get(ASSET_ID):
        row.fail(ASSET_ID, "asset id is empty")
    views = row.integer(VIEWS)
    gross = row.decimal(layout.payout)
    royalties = row.get(layout.royalties) if layout.royalties else ""
    if royalties:
        row.decimal(layout.royalties)  # checked; kept in extra as written
    isrc = row.isrc(ISRC)
    if row.issues:
        return None
    return statement_line(
        row.line, _YOUTUBE, usage_type="ugc", right_type="master", territory=WORLD, period=period, units=views,
        gross=gross, currency=layout.currency, isrc=isrc, upc=row.get(UPC) or None, title=row.get(ASSET_TITLE),
        artist=row.get(ARTIST), extra=row.extra(_EXTRA_COLUMNS, royalties=royalties),
    )  # fmt: skip


def parse_youtube_content_id(path: str | os.PathLike, period: str | None = None) -> Iterator[StatementLine | ParseIssue]:
    """Stream a YouTube Content ID summary report (CSV) as StatementLines and ParseIssues, in file order.

    ``period`` ('YYYY-MM') is the report's month; without it every row yields a whole-row
    ParseIssue saying so. Encoding is sniffed (UTF-8 with or without BOM, UTF-16 with BOM,
    else Windows-1252), any line ends; a bad row yields one ParseIssue per bad cell
    (physical line numbers, header = 1). Raises FormatError on the first iteration if the
    file is empty, lacks Asset ID, Asset Title, Views or a 'Payout (<currency>)' column, or
    names two currencies; ValueError on the first row if ``period`` is not 'YYYY-MM';
    OSError if the file cannot be read.
    """
    return parse_headed(path, ",", _read_head, functools.partial(_parse_row, period))
