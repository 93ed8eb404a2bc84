"""Spotify label streaming report "track-for-streaming", format version 2, as sent to distributors.

Layout: FORMATS.md "Spotify: label streaming report" (sample
tmp-422006745-finetunes-track-for-streaming-201710_example.txt). Tab-separated: line 1 is
a preamble header (Format version, Start date, End date, Sender, Recipient, Disclaimer),
line 2 its values, line 3 the report header, one row per track x country x product tier.
The amount column is named after its currency ('USD Payable'); ``currency`` is read from
that name. ``period`` is the month of the preamble's Start date; the End date, Recipient
and Format version go to ``extra``.
"""

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from importers.records import ParseIssue, StatementLine
from importers.statements.common import Header, Record, Row, currency_code, format_error, parse_date, period_of
from importers.statements.rows import parse_headed, sniff_head, statement_line
from importers.stores import classify_store

START_DATE = "Start date"
END_DATE = "End date"
PREAMBLE_COLUMNS = ("Format version", START_DATE, END_DATE)

COUNTRY = "Country"
PRODUCT = "Product"
URI = "URI"
UPC = "UPC"
EAN = "EAN"
ISRC = "ISRC"
TRACK = "Track name"
ARTIST = "Artist name"
QUANTITY = "Quantity"
PAYABLE = "USD Payable"  # as named in the sample; any '<ISO 4217> Payable' is accepted

REPORT_COLUMNS = (COUNTRY, ISRC, TRACK, ARTIST, QUANTITY, PAYABLE)

_PAYABLE = re.compile(r"([A-Za-z]{3}) payable")

_EXTRA_COLUMNS = {
    "Label": "label",
    PRODUCT: "product",
    URI: "uri",
    EAN: "ean",
    "Composer name": "composer",
    "Album name": "album",
}

_SPOTIFY = classify_store("Spotify")


@dataclass(frozen=True)
class _Report:
    """What the preamble and the amount column's name say about every row."""

    period: str
    currency: str
    payable: str
    extra: dict[str, str]


def _read_head(records: Iterator[Record | ParseIssue]) -> tuple[Header, _Report]:
    """Read the two preamble lines and the report header; FormatError naming what is missing."""
    heads = [next(records, None) for _ in range(3)]
    keys, values, columns = (record.cells if isinstance(record, Record) else [] for record in heads)
    preamble, header = Header(keys), Header(columns)
    settings = {key: values[index].strip() for key, index in preamble.columns.items() if index < len(values)}
    start = parse_date(settings.get(START_DATE.casefold(), ""), "%Y-%m-%d")
    end = parse_date(settings.get(END_DATE.casefold(), ""), "%Y-%m-%d")
    payable = next((name for name in header.columns if _PAYABLE.fullmatch(name)), None)
    currency = currency_code(_PAYABLE.fullmatch(payable).group(1)) if payable else None

    missing = preamble.missing(PREAMBLE_COLUMNS)
    missing += [key for key, date in ((START_DATE, start), (END_DATE, end)) if date is None and key not in missing]
    missing += header.missing(c for c in REPORT_COLUMNS if c != PAYABLE)
    if currency is None:
        missing.append(PAYABLE)
    if missing:
        raise format_error("Spotify streaming", missing, empty=heads[0] is None)
    extra = {"period_end": end.isoformat(), "format_version": settings.get("format version", ""),
             "recipient": settings.get("recipient", "")}  # fmt: skip
    return header, _Report(period_of(start), currency, payable, extra)


def sniff_spotify(path: str | os.PathLike) -> bool:
    """True if the file starts with the report's preamble and header. Raises OSError if unreadable."""
    return sniff_head(path, "\t", _read_head, quoted=False)


def _parse_row(report: _Report, row: Row) -> StatementLine | None:
    territory = row.territory(COUNTRY)
    units = row.integer(QUANTITY)
    gross = row.decimal(report.payable)
    isrc = row.isrc(ISRC)
    if row.issues:
        return None
    return statement_line(
        row.line, _SPOTIFY, usage_type="stream", right_type="master", territory=territory, period=report.period,
        units=units, gross=gross, currency=report.currency, isrc=isrc, upc=row.get(UPC) or None,
        title=row.get(TRACK), artist=row.get(ARTIST), extra=row.extra(_EXTRA_COLUMNS, **report.extra),
    )  # fmt: skip


def parse_spotify(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """Stream a Spotify track-for-streaming report as StatementLines and ParseIssues, in file order.

    ``gross`` is the '<currency> Payable' cell, exact to its 30 significant digits;
    ``territory`` the Country, ``source`` spotify, ``usage_type`` 'stream', ``right_type``
    'master'; the product tier (e.g. 'PDIB') is ``extra['product']``. Line numbers are
    physical: the first data row is line 4. Raises FormatError on the first iteration if a
    preamble or report column is missing; OSError if the file cannot be read.
    """
    return parse_headed(path, "\t", _read_head, _parse_row, quoted=False)
