"""DistroKid "bank details" earnings export: a tab-separated file, one row per store x track x month.

Columns are located by header name, so both the 13-column layout and the
newer 15-column one (Date Inserted, Source Type, Recoup (USD)...) parse.
Rows are read one physical line at a time: memory use does not grow with
the file.
"""

import codecs
import datetime
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from types import MappingProxyType
from typing import BinaryIO

import pycountry

from importers.records import FormatError, ParseIssue, StatementLine
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
_INTEGER = re.compile(r"[+-]?[0-9]+")
# Plain decimals, plus exponents because spreadsheets rewrite tiny earnings
# as '1.2E-05'; no NaN/Infinity, thousands separators or decimal commas.
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_ISRC = re.compile(r"[A-Z]{2}[A-Z0-9]{3}[0-9]{7}")
_ISRC_SEPARATORS = re.compile(r"[\s-]")
_TERRITORIES = frozenset(country.alpha_2 for country in pycountry.countries) | {"OU"}

_SNIFF_BYTES = 64 * 1024


def _sniff_encoding(file: BinaryIO) -> str:
    """Return 'utf-8' if the file's head is valid UTF-8, else 'cp1252'; rewinds the file."""
    head = file.read(_SNIFF_BYTES)
    file.seek(0)
    # A head cut mid-character is not an error unless it is the whole file.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=len(head) < _SNIFF_BYTES)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def _decode(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        # Past the sniffed head a UTF-8 file may still hold a stray Windows
        # line, and cp1252 leaves five bytes undefined. Keep the row: number
        # cells are plain ASCII, so only text fields can get replacement characters.
        return raw.decode("cp1252", errors="replace")


def _read_header(file: BinaryIO) -> tuple[str, dict[str, int], int]:
    """Return (encoding, column index by casefolded name, cell count) of the header line."""
    encoding = _sniff_encoding(file)
    text = _decode(file.readline().removeprefix(codecs.BOM_UTF8), encoding).rstrip("\r\n")
    cells = text.split("\t") if text.strip() else []
    columns: dict[str, int] = {}
    for index, name in enumerate(cells):
        columns.setdefault(name.strip().casefold(), index)
    return encoding, columns, len(cells)


def _missing(columns: dict[str, int]) -> list[str]:
    return [name for name in REQUIRED_COLUMNS if name.casefold() not in columns]


def sniff_distrokid(path: str | os.PathLike) -> bool:
    """Return True if the file's first line is a DistroKid header (all required columns).

    Reads at most the first 64 KiB (to sniff the encoding) and the header
    line. Raises ``OSError`` if the file cannot be read.
    """
    with open(path, "rb") as file:
        _, columns, _ = _read_header(file)
    return not _missing(columns)


class _Row:
    """One data row: cell access by column name, and the issues found in it."""

    def __init__(self, line: int, cells: list[str], columns: dict[str, int]) -> None:
        self.line = line
        self.cells = cells
        self.columns = columns
        self.issues: list[ParseIssue] = []

    def get(self, name: str) -> str:
        """The stripped cell of column ``name``; '' if the file has no such column."""
        index = self.columns.get(name.casefold())
        return "" if index is None else self.cells[index].strip()

    def fail(self, name: str, message: str) -> None:
        """Record an issue with column ``name``."""
        self.issues.append(ParseIssue(self.line, name, message, self.get(name)))


def _parse_date(text: str) -> datetime.date | None:
    """The date in a 'YYYY-MM-DD' string, or None if it is not one."""
    if not _DATE.fullmatch(text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:  # e.g. 2023-02-30
        return None


def _parse_row(row: _Row) -> StatementLine | list[ParseIssue]:
    """Validate a row; return its StatementLine, or every issue found in it."""
    period = row.get(SALE_MONTH)
    if not _PERIOD.fullmatch(period):
        row.fail(SALE_MONTH, "sale month is not YYYY-MM")

    reporting_date = row.get(REPORTING_DATE)
    reported_on = _parse_date(reporting_date) if reporting_date else None
    if reporting_date and reported_on is None:
        row.fail(REPORTING_DATE, "reporting date is not a YYYY-MM-DD date")

    store = None
    try:
        store = classify_store(row.get(STORE))
    except ValueError:
        row.fail(STORE, "store is empty")

    quantity = row.get(QUANTITY)
    if not _INTEGER.fullmatch(quantity):
        row.fail(QUANTITY, "quantity is not an integer")

    earnings = row.get(EARNINGS)
    if not earnings:
        row.fail(EARNINGS, "earnings are empty")
    elif not _NUMBER.fullmatch(earnings):
        row.fail(EARNINGS, "earnings are not a number")

    territory = row.get(COUNTRY).upper()
    if territory not in _TERRITORIES:
        row.fail(COUNTRY, "country is not an ISO 3166-1 alpha-2 code or OU")

    isrc = _ISRC_SEPARATORS.sub("", row.get(ISRC)).upper() or None
    # The newer layout may name the song/album column 'Source Type'.
    kind = (row.get(SONG_OR_ALBUM) or row.get(SOURCE_TYPE)).casefold()
    if isrc is None and kind != "album":
        row.fail(ISRC, "ISRC is missing on a song row")
    elif isrc is not None and not _ISRC.fullmatch(isrc):
        row.fail(ISRC, "ISRC is not CC-XXX-YY-NNNNN")

    if row.issues or store is None:
        return row.issues
    extra = {key: row.get(name) for name, key in _EXTRA_COLUMNS.items() if row.get(name)}
    return StatementLine(
        line=row.line,
        source=store.slug,
        source_label=store.label,
        usage_type=store.usage_type,
        right_type="master",
        territory=territory,
        period=period,
        reported_on=reported_on,
        units=int(quantity),
        gross=Decimal(earnings),
        currency="USD",
        isrc=isrc,
        upc=row.get(UPC) or None,
        title=row.get(TITLE),
        artist=row.get(ARTIST),
        extra=MappingProxyType(extra),
    )


def parse_distrokid(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """Stream a DistroKid TSV export as StatementLines and ParseIssues, in file order.

    The file may be UTF-8 (with or without BOM) or Windows-1252, chosen by
    sniffing its head, with CRLF or LF line ends. Blank lines are skipped.
    A row with problems yields one ``ParseIssue`` per bad cell (line numbers
    are physical, header = 1) and no StatementLine. Amounts are exact USD
    ``Decimal`` values; ``right_type`` is 'master'.

    Raises ``FormatError`` (listing the missing required columns) on the
    first iteration, before any row, if the file is empty or its first line
    lacks any of: Sale Month, Store, Title, Artist, ISRC, Quantity, Country of
    Sale, Earnings (USD). Raises ``OSError`` if the file cannot be read.
    """
    with open(path, "rb") as file:
        encoding, columns, width = _read_header(file)
        missing = _missing(columns)
        if missing:
            what = "empty file" if not columns else "not a DistroKid statement"
            raise FormatError(f"{what}: missing columns {', '.join(missing)}", missing)
        for line, raw in enumerate(file, start=2):
            text = _decode(raw, encoding).rstrip("\r\n")
            if not text.strip():
                continue
            cells = text.split("\t")
            if len(cells) < width:
                yield ParseIssue(line, None, f"truncated: {len(cells)} of {width} cells", text)
            elif any(cell.strip() for cell in cells[width:]):
                # Usually a tab inside a title, which shifts every later cell.
                yield ParseIssue(line, None, f"{len(cells)} cells, header has {width}", text)
            else:
                result = _parse_row(_Row(line, cells, columns))
                yield from result if isinstance(result, list) else (result,)
