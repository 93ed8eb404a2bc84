"""DistroKid "bank details" earnings export: a tab-separated file, one row per store x track x month.

Layout: FORMATS.md "DistroKid" (samples DistroKid_Test.tsv, DistroKid_NonAscii.tsv).
Columns are located by header name, so both the 13-column layout and the
newer 15-column one (Date Inserted, Source Type, Recoup (USD)...) parse.
Rows are read one physical line at a time: memory use does not grow with
the file.
"""

import os
import re
from collections.abc import Iterator

from importers.records import ParseIssue, StatementLine
from importers.statements.common import ISO_ALPHA_2, Row, parse_date, parse_decimal, parse_int
from importers.statements.rows import parse_table, sniff_table, statement_line
from importers.stores import classify_store

SALE_MONTH = "Sale Month"
STORE = "Store"
TITLE = "Title"
ARTIST = "Artist"
ISRC = "ISRC"
UPC = "UPC"
QUANTITY = "Quantity"
COUNTRY = "Country of Sale"
EARNINGS = "Earnings (USD)"
REPORTING_DATE = "Reporting Date"
SONG_OR_ALBUM = "Song/Album"
SOURCE_TYPE = "Source Type"

REQUIRED_COLUMNS = (SALE_MONTH, STORE, TITLE, ARTIST, ISRC, QUANTITY, COUNTRY, EARNINGS)

# Source-specific columns kept verbatim in StatementLine.extra, by key.
_EXTRA_COLUMNS = {
    "Team Percentage": "team_percentage",
    SONG_OR_ALBUM: "song_or_album",
    SOURCE_TYPE: "source_type",
    "Songwriter Royalties Withheld": "songwriter_royalties_withheld",
    "Songwriter Royalties Withheld (USD)": "songwriter_royalties_withheld",
    "Recoup (USD)": "recoup",
    "Date Inserted": "date_inserted",
}

_PERIOD = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TERRITORIES = ISO_ALPHA_2 | {"OU"}


def sniff_distrokid(path: str | os.PathLike) -> bool:
    """Return True if the file's first line is a DistroKid header (all required columns).

    Reads at most the first 64 KiB (to sniff the encoding) and the header
    line. Raises ``OSError`` if the file cannot be read.
    """
    return sniff_table(path, "\t", REQUIRED_COLUMNS, quoted=False)


def _parse_row(row: Row) -> StatementLine | None:
    """Validate a row; return its StatementLine, or None with every issue recorded on the row."""
    period = row.get(SALE_MONTH)
    if not _PERIOD.fullmatch(period):
        row.fail(SALE_MONTH, "sale month is not YYYY-MM")

    reporting_date = row.get(REPORTING_DATE)
    reported_on = parse_date(reporting_date, "%Y-%m-%d") if _DATE.fullmatch(reporting_date) else None
    if reporting_date and reported_on is None:
        row.fail(REPORTING_DATE, "reporting date is not a YYYY-MM-DD date")

    store = None
    try:
        store = classify_store(row.get(STORE))
    except ValueError:
        row.fail(STORE, "store is empty")

    quantity = parse_int(row.get(QUANTITY))
    if quantity is None:
        row.fail(QUANTITY, "quantity is not an integer")

    earnings = parse_decimal(row.get(EARNINGS))
    if earnings is None:
        row.fail(EARNINGS, "earnings are not a number" if row.get(EARNINGS) else "earnings are empty")

    territory = row.get(COUNTRY).upper()
    if territory not in _TERRITORIES:
        row.fail(COUNTRY, "country is not an ISO 3166-1 alpha-2 code or OU")

    isrc = row.isrc(ISRC)
    # The newer layout may name the song/album column 'Source Type'.
    kind = (row.get(SONG_OR_ALBUM) or row.get(SOURCE_TYPE)).casefold()
    if not row.get(ISRC) and kind != "album":
        row.fail(ISRC, "ISRC is missing on a song row")

    if row.issues or store is None or quantity is None or earnings is None:
        return None
    return statement_line(
        row.line, store, usage_type=store.usage_type, right_type="master", territory=territory, period=period,
        reported_on=reported_on, units=quantity, gross=earnings, currency="USD", isrc=isrc,
        upc=row.get(UPC) or None, title=row.get(TITLE), artist=row.get(ARTIST), extra=row.extra(_EXTRA_COLUMNS),
    )  # fmt: skip


def parse_distrokid(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """Stream a DistroKid TSV export as StatementLines and ParseIssues, in file order.

    The file may be UTF-8 (with or without BOM) or Windows-1252, chosen by
    sniffing its head, with CRLF, LF or CR line ends. Blank lines are skipped.
    A row with problems yields one ``ParseIssue`` per bad cell (line numbers
    are physical, header = 1) and no StatementLine. Amounts are exact USD
    ``Decimal`` values; ``right_type`` is 'master'.

    Raises ``FormatError`` (listing the missing required columns) on the
    first iteration, before any row, if the file is empty or its first line
    lacks any of: Sale Month, Store, Title, Artist, ISRC, Quantity, Country of
    Sale, Earnings (USD). Raises ``OSError`` if the file cannot be read.
    """
    return parse_table(path, "DistroKid", "\t", REQUIRED_COLUMNS, _parse_row, quoted=False)
