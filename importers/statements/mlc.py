"""The MLC member royalty statement (portal CSV download): docs only — no sample.

Layout: FORMATS.md "The MLC: member royalty statements", the columns one open-source importer
reads (3rd-party, unverified): required Payee Name, Work Primary Title, Work Writer List, DSP
Name, Territory, Usage Period Start Date, Usage Period End Date, Royalty Amount, Distributed
Amount, Number of Usages, ISWC, MLC Song Code; optional Payee MLC Number, Original Publisher
Name, Admin Publisher Name, Member Song Identifier, Work Payable %. No sample file was found:
the tests build files from that column list, so check a real download before relying on this
adapter.

What the documentation leaves open is decided here:

* comma-separated, with optional double quotes;
* ``gross`` is Distributed Amount, what the member is paid; Royalty Amount (the work's
  royalty before the member's payable share) and Work Payable % go to ``extra``;
* ``currency`` is USD: The MLC collects and pays US mechanical royalties in dollars;
* ``right_type`` 'mechanical'; ``source`` and ``usage_type`` from DSP Name (the service
  that used the work);
* ``period`` is the month of Usage Period Start Date, written 'YYYY-MM-DD' or 'MM/DD/YYYY';
* ``territory`` from Territory (ISO alpha-2, alpha-3 or English name; the US in practice);
* a line is a work's: ``title`` Work Primary Title, ``artist`` Work Writer List, no ISRC;
  the ISWC (normalized) and MLC Song Code go to ``extra``.
"""

import datetime
import os
from collections.abc import Iterator

from importers.identifiers import is_valid_iswc, normalize_iswc
from importers.records import ParseIssue, StatementLine
from importers.statements.common import Row, parse_date, period_of
from importers.statements.rows import parse_table, sniff_table, statement_line

PAYEE_NAME = "Payee Name"
WORK_TITLE = "Work Primary Title"
WRITERS = "Work Writer List"
DSP_NAME = "DSP Name"
TERRITORY = "Territory"
START = "Usage Period Start Date"
END = "Usage Period End Date"
ROYALTY_AMOUNT = "Royalty Amount"
DISTRIBUTED_AMOUNT = "Distributed Amount"
USAGES = "Number of Usages"
ISWC = "ISWC"
SONG_CODE = "MLC Song Code"

REQUIRED_COLUMNS = (
    PAYEE_NAME, WORK_TITLE, WRITERS, DSP_NAME, TERRITORY, START, END, ROYALTY_AMOUNT, DISTRIBUTED_AMOUNT,
    USAGES, ISWC, SONG_CODE,
)  # fmt: skip

CURRENCY = "USD"

_EXTRA_COLUMNS = {
    PAYEE_NAME: "payee_name",
    "Payee MLC Number": "payee_mlc_number",
    SONG_CODE: "mlc_song_code",
    "Member Song Identifier": "member_song_identifier",
    "Original Publisher Name": "original_publisher",
    "Admin Publisher Name": "admin_publisher",
    "Work Payable %": "work_payable_percent",
    ROYALTY_AMOUNT: "royalty_amount",
    END: "usage_end",
}

_DATE_FORMATS = (None, "%m/%d/%Y")  # ISO 8601, then US month/day/year


def sniff_mlc(path: str | os.PathLike) -> bool:
    """True if the file's first line is an MLC royalty statement header. Raises OSError if unreadable."""
    return sniff_table(path, ",", REQUIRED_COLUMNS)


def _date(row: Row, name: str) -> datetime.date | None:
    text = row.get(name)
    for fmt in _DATE_FORMATS:
        date = parse_date(text, fmt)
        if date is not None:
            return date
    row.fail(name, f"{name} is not a date like 2024-01-31 or 01/31/2024")
    return None


def _iswc(row: Row) -> str:
    iswc = row.get(ISWC)
    if iswc and not is_valid_iswc(iswc):
        row.fail(ISWC, "ISWC fails its shape or check digit (ISO 15707)")
        return ""
    return normalize_iswc(iswc) if iswc else ""


def _parse_row(row: Row) -> StatementLine | None:
    start = _date(row, START)
    _date(row, END)
    store = row.store(DSP_NAME)
    territory = row.territory(TERRITORY)
    units = row.integer(USAGES)
    gross = row.decimal(DISTRIBUTED_AMOUNT)
    row.decimal(ROYALTY_AMOUNT)  # checked; kept in extra as written
    iswc = _iswc(row)
    if row.issues:
        return None
    return statement_line(
        row.line, store, usage_type=store.usage_type, right_type="mechanical", territory=territory,
        period=period_of(start), units=units, gross=gross, currency=CURRENCY, title=row.get(WORK_TITLE),
        artist=row.get(WRITERS), extra=row.extra(_EXTRA_COLUMNS, iswc=iswc, usage_start=row.get(START)),
    )  # fmt: skip


def parse_mlc(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """Stream an MLC royalty statement (CSV) as StatementLines and ParseIssues, in file order.

    Encoding is sniffed (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252), any
    line ends. A bad row yields one ParseIssue per bad cell (physical line numbers, header =
    1) and no line. Raises FormatError on the first iteration if the file is empty or lacks a
    required column (see REQUIRED_COLUMNS); OSError if the file cannot be read.
    """
    return parse_table(path, "MLC royalty", ",", REQUIRED_COLUMNS, _parse_row)
