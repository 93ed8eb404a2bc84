"""What every statement adapter shares: decoding, delimited records, header lookup, cell checks.

A file flows ``open_text`` (encoding sniffed, any line end) → ``read_records`` (numbered by
physical line) → ``read_header`` (FormatError naming missing columns) → ``data_rows`` (width
checks) → ``Row`` (cell parsing, line-numbered issues) → ``rows.statement_lines``, in constant memory.
"""

import codecs
import csv
import datetime
import functools
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import BinaryIO, TextIO

import pycountry

from importers.identifiers import is_valid_isrc, normalize_isrc
from importers.records import FormatError, ParseIssue
from importers.stores import Store, classify_store

SNIFF_BYTES = 64 * 1024
_MAX_LINE = 1024 * 1024

#: The territory of a line whose file reports none: it then matches only world-wide rights.
WORLD = "WORLD"

ISO_ALPHA_2 = frozenset(country.alpha_2 for country in pycountry.countries)

# Names that are not ISO 3166 entries but that statements write for a country: 'UK' is
# exceptionally reserved for GB and pycountry does not resolve it (Cargo's physical sheets).
_COUNTRY_ALIASES = {"UK": "GB"}

_FALLBACK_ERRORS = "rightsgraph-cp1252-fallback"


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    # Past the sniffed head a UTF-8 file may still hold a stray Windows-1252 line: decode
    # just the bytes UTF-8 rejects as cp1252 (its five undefined bytes become U+FFFD).
    return error.object[error.start : error.end].decode("cp1252", errors="replace"), error.end


codecs.register_error(_FALLBACK_ERRORS, _cp1252_fallback)


def sniff_encoding(head: bytes, complete: bool) -> str:
    """The codec of a file starting with ``head`` (``complete``: the head is the whole file): 'utf-16'
    with a UTF-16 BOM (Bandcamp), 'utf-8-sig' for valid UTF-8 (drops a BOM if any), else 'cp1252'."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        # A head cut mid-character is not an error unless it is the whole file.
        decoder.decode(head, final=complete)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def open_text(binary: BinaryIO) -> TextIO:
    """Wrap a seekable binary stream as text in its sniffed encoding; rewinds it first.

    Line ends are left to the caller untranslated (CRLF, LF and CR-only all split lines).
    Undecodable bytes never raise: see ``_cp1252_fallback``; UTF-16 and cp1252 use U+FFFD.
    """
    head = binary.read(SNIFF_BYTES)
    binary.seek(0)
    encoding = sniff_encoding(head, complete=len(head) < SNIFF_BYTES)
    errors = _FALLBACK_ERRORS if encoding == "utf-8-sig" else "replace"
    return io.TextIOWrapper(binary, encoding=encoding, errors=errors, newline="")


@dataclass(frozen=True)
class Record:
    """One delimited record (or spreadsheet row): its first physical line (1-based), its text,
    its cells, and the columns whose spreadsheet number may have been cut
    (``sheets.inexact_columns``)."""

    line: int
    raw: str
    cells: list[str]
    inexact: tuple[str, ...] = ()


def read_records(text: TextIO, delimiter: str, quoted: bool = True) -> Iterator[Record | ParseIssue]:
    """The non-blank records of delimited text, in order, each with its physical line and raw text.

    ``quoted``: cells may be double-quoted (CSV). Tab-separated reports are read unquoted, so
    a title with a quote mark cannot swallow the lines after it. A record the csv module
    rejects (a cell over its 128 KiB limit) becomes a ParseIssue.
    """
    pending: list[str] = []  # the text of the record being read
    count = first = 0  # physical lines read; the line the pending record starts on

    def lines() -> Iterator[str]:
        nonlocal count, first
        # readline is capped so that a file with no line breaks is not read whole; the pieces
        # of an overlong line keep its number.
        starts_line = True
        for piece in iter(functools.partial(text.readline, _MAX_LINE), ""):
            count += starts_line
            starts_line = piece.endswith(("\n", "\r"))
            if not pending:
                first = count
            pending.append(piece)
            yield piece

    def take() -> tuple[int, str]:
        raw = "".join(pending).rstrip("\r\n")
        pending.clear()
        return first, raw

    reader = csv.reader(lines(), delimiter=delimiter, quoting=csv.QUOTE_MINIMAL if quoted else csv.QUOTE_NONE)
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            line, raw = take()
            yield ParseIssue(line, None, f"unreadable row: {error}", raw)
            continue
        line, raw = take()
        if any(cell.strip() for cell in cells):
            yield Record(line, raw, cells)


def column_key(name: str) -> str:
    """How column names are compared: stripped and case-folded."""
    return name.strip().casefold()


class Header:
    """Column positions of a header record, by ``column_key``; the first of duplicate names wins."""

    def __init__(self, cells: Sequence[str]) -> None:
        self.width = len(cells)
        self.columns: dict[str, int] = {}
        for index, name in enumerate(cells):
            self.columns.setdefault(column_key(name), index)
            # Also by the name as written, which is how adapters ask: one dict lookup per cell.
            self.columns.setdefault(name.strip(), index)

    def missing(self, required: Iterable[str]) -> list[str]:
        """The names in ``required`` the header lacks, in order."""
        return [name for name in required if column_key(name) not in self.columns]


def format_error(what: str, missing: list[str], empty: bool = False) -> FormatError:
    """The FormatError for a file that is not a ``what`` statement (or is empty)."""
    article = "an" if what[:1].lower() in ("a", "e", "i", "o", "u") else "a"
    kind = "empty file" if empty else f"not {article} {what} statement"
    return FormatError(f"{kind}: missing columns {', '.join(missing)}", missing)


def header_of(cells: Sequence[str] | None, required: Sequence[str], what: str) -> Header:
    """The Header of ``cells`` (None: the file is empty); FormatError unless it has every ``required`` column."""
    if cells is None:
        raise format_error(what, list(required), empty=True)
    header = Header(cells)
    missing = header.missing(required)
    if missing:
        raise format_error(what, missing)
    return header


def read_header(records: Iterator[Record | ParseIssue], required: Sequence[str], what: str) -> Header:
    """Read the next record as the header; raise FormatError unless it has every ``required`` column."""
    first = next(records, None)
    return header_of(None if first is None else first.cells if isinstance(first, Record) else [], required, what)


class Row:
    """One data row: cells by column name, parsed with the problems recorded as ParseIssues;
    ``inexact`` names the columns of a spreadsheet row whose number may have been cut."""

    def __init__(self, line: int, cells: Sequence[str], columns: Mapping[str, int], raw: str = "",
                 inexact: Sequence[str] = ()) -> None:
        self.line = line
        self.cells = cells
        self.columns = columns
        self.raw = raw
        self.inexact = inexact
        self.issues: list[ParseIssue] = []

    def get(self, name: str) -> str:
        """The stripped cell of column ``name``; '' if the file has no such column."""
        index = self.columns.get(name)
        if index is None:
            index = self.columns.get(column_key(name))
        return "" if index is None or index >= len(self.cells) else self.cells[index].strip()

    def fail(self, name: str, message: str) -> None:
        """Record an issue with column ``name``."""
        self.issues.append(ParseIssue(self.line, name, message, self.get(name)))

    def _checked(self, name: str, value, message: str):
        if value is None:
            self.fail(name, message)
        return value

    def decimal(self, name: str) -> Decimal | None:
        """The exact amount in column ``name`` (see ``parse_decimal``), or None and an issue."""
        what = "is not a number" if self.get(name) else "is empty"
        return self._checked(name, parse_decimal(self.get(name)), f"{name} {what}")

    def integer(self, name: str) -> int | None:
        """The whole number in column ``name`` (see ``parse_int``), or None and an issue."""
        return self._checked(name, parse_int(self.get(name)), f"{name} is not an integer")

    def date(self, name: str, fmt: str | None = None) -> datetime.date | None:
        """The date in column ``name`` as ``strptime`` format ``fmt`` (None: ISO 8601), or None and an issue."""
        return self._checked(name, parse_date(self.get(name), fmt), f"{name} is not a date like {_example(fmt)}")

    def territory(self, name: str) -> str | None:
        """The ISO 3166-1 alpha-2 code of column ``name`` (see ``territory_code``), or None and an issue."""
        return self._checked(name, territory_code(self.get(name)), f"{name} is not a known country")

    def currency(self, name: str) -> str | None:
        """The ISO 4217 code in column ``name``, or None and an issue."""
        return self._checked(name, currency_code(self.get(name)), f"{name} is not an ISO 4217 currency code")

    def isrc(self, name: str) -> str | None:
        """The normalized ISRC of column ``name``; None if empty; None and an issue if malformed."""
        isrc = normalize_isrc(self.get(name)) or None
        if isrc is not None and not is_valid_isrc(isrc):
            self.fail(name, "ISRC is not CC-XXX-YY-NNNNN")
            return None
        return isrc

    def store(self, name: str) -> Store | None:
        """The store named in column ``name`` (``classify_store``), or None and an issue."""
        try:
            return classify_store(self.get(name))
        except ValueError:
            self.fail(name, f"{name} is empty")
            return None

    def extra(self, columns: Mapping[str, str], **more: str) -> Mapping[str, str]:
        """Read-only ``StatementLine.extra``: the non-empty cells of ``columns`` (column → key),
        ``inexact_cells`` (the ``inexact`` columns, comma-separated) when there are, plus ``more``."""
        found = {key: value for name, key in columns.items() if (value := self.get(name))}
        found.update((key, value) for key, value in more.items() if value)
        if self.inexact:
            found["inexact_cells"] = ", ".join(self.inexact)
        return MappingProxyType(found)


def data_rows(records: Iterable[Record | ParseIssue], header: Header) -> Iterator[Row | ParseIssue]:
    """Rows of the records after ``header``; a record of the wrong width becomes a ParseIssue."""
    for record in records:
        if isinstance(record, ParseIssue):
            yield record
        elif len(record.cells) < header.width:
            yield ParseIssue(record.line, None, f"truncated: {len(record.cells)} of {header.width} cells", record.raw)
        elif any(cell.strip() for cell in record.cells[header.width :]):
            # Usually a delimiter inside a cell, which shifts every later cell.
            yield ParseIssue(record.line, None, f"{len(record.cells)} cells, header has {header.width}", record.raw)
        else:
            yield Row(record.line, record.cells, header.columns, record.raw, record.inexact)


_PLAIN_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_GROUPED_NUMBER = re.compile(r"[+-]?[0-9]{1,3}(,[0-9]{3})+\.[0-9]*")
_ACCOUNTING_NEGATIVE = re.compile(r"\((.*)\)")
_INTEGER = re.compile(r"[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)")


def parse_decimal(text: str) -> Decimal | None:
    """The exact value of a dot-decimal amount, or None.

    Accepts '12.5', '.021330' (Apple), '1.2E-05' (spreadsheets rewrite tiny amounts so),
    comma thousands separators before a decimal point ('1,234.56') and accounting
    negatives '(9.50)'. Rejects '', NaN/Infinity, decimal commas ('0,5': no supported
    layout uses them; a spreadsheet in another locale wrote them) and '1,234', which is
    1234 or 1.234 depending on that locale: a guess could scale money by 1000.
    """
    text = text.strip()
    negative = _ACCOUNTING_NEGATIVE.fullmatch(text)
    if negative:
        value = parse_decimal(negative.group(1))
        return None if value is None or value < 0 else -value
    if _PLAIN_NUMBER.fullmatch(text):
        return Decimal(text)
    if _GROUPED_NUMBER.fullmatch(text):
        return Decimal(text.replace(",", ""))
    return None


def parse_int(text: str) -> int | None:
    """A whole number, optionally signed and with comma thousands separators, or None."""
    text = text.strip()
    return int(text.replace(",", "")) if _INTEGER.fullmatch(text) else None


# Statements repeat a handful of dates and countries over millions of rows: cache them.
@functools.lru_cache(maxsize=4096)
def parse_date(text: str, fmt: str | None = None) -> datetime.date | None:
    """The date in ``text`` per ``strptime`` format ``fmt`` (None: ISO 8601, 'Z' allowed), or None."""
    try:
        if fmt is None:
            return datetime.datetime.fromisoformat(text).date()
        return datetime.datetime.strptime(text, fmt).date()
    except ValueError:
        return None


_FORMAT_EXAMPLE = {"%Y": "2024", "%y": "24", "%m": "01", "%d": "31", "%I": "1", "%M": "05", "%S": "00", "%p": "PM"}


def _example(fmt: str | None) -> str:
    """A sample date in ``fmt`` for messages ('%m/%d/%Y' -> '01/31/2024')."""
    return re.sub(r"%[a-zA-Z]", lambda m: _FORMAT_EXAMPLE.get(m.group(0), m.group(0)), fmt or "%Y-%m-%d")


def period_of(date: datetime.date) -> str:
    """'YYYY-MM' of a date."""
    return f"{date.year:04d}-{date.month:02d}"


_PERIOD = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")


def given_period(row: Row, period: str | None, what: str) -> str | None:
    """The period a caller gave for a file that states none; None and a whole-row issue if none was.
    Raises ValueError if ``period`` is not 'YYYY-MM'."""
    if period is None:
        row.issues.append(ParseIssue(row.line, None, f"{what} files state no period: give period='YYYY-MM'", row.raw))
    elif not _PERIOD.fullmatch(period):
        raise ValueError(f"period must be 'YYYY-MM', not {period!r}")
    return period


@functools.lru_cache(maxsize=1024)
def territory_code(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code for a country's alpha-2 or alpha-3 code or English name, or None."""
    key = text.strip()
    if key.upper() in ISO_ALPHA_2 or key.upper() in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES.get(key.upper(), key.upper())
    try:
        return pycountry.countries.lookup(key).alpha_2
    except LookupError:
        return None


@functools.lru_cache(maxsize=256)
def currency_code(text: str) -> str | None:
    """``text`` upper-cased if it is an ISO 4217 alphabetic code, else None."""
    code = text.strip().upper()
    return code if len(code) == 3 and pycountry.currencies.get(alpha_3=code) is not None else None


def usage_type(store: Store, sale_type: str) -> str:
    """The usage of a line from its store and the file's sale/transaction type.

    A UGC store wins (Content ID money is UGC whatever the sale type says); otherwise a sale
    type naming a stream or a download decides; otherwise the store's own usage.
    """
    if store.usage_type == "ugc":
        return "ugc"
    kind = sale_type.casefold()
    if "stream" in kind:
        return "stream"
    if "download" in kind:
        return "download"
    return store.usage_type
