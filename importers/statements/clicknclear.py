"""ClicknClear rights-holder royalty statement: a headerless CSV of total (T) and sale (S) rows.

Layout: the ClicknClear reporting spec (README of ClicknClear/cnc-reporting-spec, cited in
FORMATS.md "Other distributor layouts"; sample TEST_RIGHTSHOLDER_STANDARD_Q1_2023.csv).
Column 1 is the row type, column 2 the income type: M master sale (track), P publishing
sale (composition), PR producer fee, whose row layout the spec does not give (such rows
are reported as issues). A T row opens each income type's block with the reporting
period and control totals; it is not a money line. Licences are sync licences (music for
teams' routines): M lines are ``right_type`` 'master', P lines 'sync'; ``usage_type`` is
'other'. ``gross`` is the last cell, Amount Due to Rightsholder, in the row's Currency.
``period`` is the month of the Date Of Sale; the block's reporting period and the ISWC
go to ``extra``.
Line numbers are physical lines (there is no header: the first row is line 1).
"""

import itertools
import os
from collections.abc import Iterator
from decimal import Decimal

from importers.identifiers import IdentifierError, normalize_iswc
from importers.records import ParseIssue, StatementLine
from importers.statements.common import Header, Record, Row, format_error, open_text, period_of, read_records
from importers.statements.rows import row_results, sniff_head, statement_line
from importers.stores import Store

ROW_TYPE = "Row Type"
INCOME_TYPE = "Income Type"
DATE_OF_SALE = "Date Of Sale"
LICENSEE = "Licensee Name"
TITLE = "Title"
PERFORMED_BY = "Performed By"
TERRITORY = "Territory Licensed"
CURRENCY = "Currency"
AMOUNT_DUE = "Amount Due to Rightsholder"
ISRC = "ISRC"
UPC = "UPC"
WRITERS = "Writers"
ISWC = "ISWC"

_MONEY = ("Gross Receipts", "Refund", "Sales Tax", "Net Receipts")
TOTAL_COLUMNS = (ROW_TYPE, INCOME_TYPE, "Start Of Reporting Period", "End Of Reporting Period",
                 "Number of Sales", CURRENCY, "Balance Brought Forwards", "Amounts Due To Rightsholder",
                 "Total Due To Rightsholder")  # fmt: skip
MASTER_COLUMNS = (ROW_TYPE, INCOME_TYPE, DATE_OF_SALE, LICENSEE, TITLE, PERFORMED_BY, ISRC, UPC, "Label", TERRITORY,
                  CURRENCY, *_MONEY, "Distributable Recording Revenue", "License Margin", AMOUNT_DUE)  # fmt: skip
PUBLISHING_COLUMNS = (ROW_TYPE, INCOME_TYPE, DATE_OF_SALE, LICENSEE, TITLE, PERFORMED_BY, WRITERS, ISWC, TERRITORY,
                      CURRENCY, *_MONEY, "Distributable Composition Revenue", "Composition Ownership",
                      "Fee For Composition Share", "License Margin", AMOUNT_DUE)  # fmt: skip

_LAYOUTS = {("T", "M"): TOTAL_COLUMNS, ("T", "P"): TOTAL_COLUMNS, ("T", "PR"): TOTAL_COLUMNS,
            ("S", "M"): MASTER_COLUMNS, ("S", "P"): PUBLISHING_COLUMNS}  # fmt: skip
_HEADERS = {kind: Header(columns) for kind, columns in _LAYOUTS.items()}
_RIGHT_TYPES = {"M": "master", "P": "sync"}

_EXTRA_COLUMNS = {
    INCOME_TYPE: "income_type",
    DATE_OF_SALE: "date_of_sale",
    LICENSEE: "licensee",
    "Label": "label",
    WRITERS: "writers",
    **{name: name.casefold().replace(" ", "_") for name in _MONEY},
    "Distributable Recording Revenue": "distributable_revenue",
    "Distributable Composition Revenue": "distributable_revenue",
    "Composition Ownership": "composition_ownership",
    "Fee For Composition Share": "fee_for_composition_share",
    "License Margin": "license_margin",
}

_CLICKNCLEAR = Store("clicknclear", "ClicknClear", "other")


def _kind(record: Record | ParseIssue | None) -> tuple[str, str] | None:
    if not isinstance(record, Record) or len(record.cells) < 2:
        return None
    return record.cells[0].strip().upper(), record.cells[1].strip().upper()


def _first_record(records: Iterator[Record | ParseIssue]) -> Record:
    """The first record, if it is a T or S row of a known income type; else FormatError."""
    first = next(records, None)
    if _kind(first) not in _LAYOUTS:
        raise format_error("ClicknClear", [ROW_TYPE, INCOME_TYPE], empty=first is None)
    return first


def sniff_clicknclear(path: str | os.PathLike) -> bool:
    """True if the file's first row is a ClicknClear T or S row. Raises OSError if unreadable."""
    return sniff_head(path, ",", _first_record)


def _row(record: Record | ParseIssue) -> Row | ParseIssue:
    """The record as a Row of its layout, or a whole-row issue."""
    if isinstance(record, ParseIssue):
        return record
    kind = "/".join(cell.strip() for cell in record.cells[:2])
    header = _HEADERS.get(_kind(record))
    if header is None:
        return ParseIssue(record.line, None, f"no ClicknClear layout for a {kind} row", record.raw)
    if len(record.cells) != header.width:
        return ParseIssue(record.line, None, f"{len(record.cells)} cells, a {kind} row has {header.width}", record.raw)
    return Row(record.line, record.cells, header.columns, record.raw)


def _iswc(row: Row) -> str:
    """The ISWC in display form (the check digit is left to matching); '' if none; an issue if malformed."""
    try:
        return normalize_iswc(row.get(ISWC)) if row.get(ISWC) else ""
    except IdentifierError:
        row.fail(ISWC, "ISWC is not T-DDD.DDD.DDD-C")
        return ""


def _sale_line(row: Row, income_type: str, reporting: dict[str, str]) -> StatementLine | None:
    sold = row.date(DATE_OF_SALE)
    territory = row.territory(TERRITORY)
    currency = row.currency(CURRENCY)
    gross = row.decimal(AMOUNT_DUE)
    isrc = row.isrc(ISRC)
    iswc = _iswc(row)
    if row.issues:
        return None
    return statement_line(
        row.line, _CLICKNCLEAR, usage_type="other", right_type=_RIGHT_TYPES[income_type], territory=territory,
        period=period_of(sold), units=1, gross=gross, currency=currency, isrc=isrc, upc=row.get(UPC) or None,
        title=row.get(TITLE), artist=row.get(PERFORMED_BY), extra=row.extra(_EXTRA_COLUMNS, iswc=iswc, **reporting),
    )  # fmt: skip


def parse_clicknclear(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """Stream a ClicknClear statement as StatementLines (one per sale) and ParseIssues, in file order.

    Each S row is one licence sold (``units`` 1). A row of the wrong width, of an unknown
    row/income type, or a PR (producer fee) sale yields a whole-row ParseIssue. Raises
    FormatError on the first iteration if the first row is not a T or S row of income type
    M, P or PR; OSError if the file cannot be read.
    """
    with open(path, "rb") as binary, open_text(binary) as text:
        records = read_records(text, ",")
        first = _first_record(records)
        reporting: dict[str, dict[str, str]] = {}  # the last T row's period, by income type
        for item in itertools.chain([first], records):
            row = _row(item)
            if isinstance(row, ParseIssue):
                yield row
                continue
            row_type, income_type = _kind(item)
            if row_type == "T":
                reporting[income_type] = {"period_start": row.get(TOTAL_COLUMNS[2]),
                                          "period_end": row.get(TOTAL_COLUMNS[3])}  # fmt: skip
            else:
                yield from row_results(row, _sale_line(row, income_type, reporting.get(income_type, {})))


def declared_totals(path: str | os.PathLike) -> dict[str, Decimal]:
    """The statement's control totals: Σ of the T rows' Amounts Due To Rightsholder by Currency
    (what each income type's block declares due for its sale rows; Balance Brought Forwards is
    not money of this file). A T row whose amount or currency is unreadable is left out (its
    block's lines are compared with what remains). Raises OSError if the file cannot be read.
    """
    totals: dict[str, Decimal] = {}
    with open(path, "rb") as binary, open_text(binary) as text:
        for record in read_records(text, ","):
            kind = _kind(record)
            row = _row(record) if kind and kind[0] == "T" else None
            if isinstance(row, Row):
                amount, currency = row.decimal(TOTAL_COLUMNS[7]), row.currency(CURRENCY)
                if not row.issues:
                    totals[currency] = totals.get(currency, Decimal(0)) + amount
    return totals
