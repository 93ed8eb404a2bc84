"""Cargo Records (UK) statements: digital (royalty_extended CSV, alone or in the ZIP bundle) and physical (XLSX).

Layouts: FORMATS.md "Cargo Records (UK) distribution" (samples Cargo_Digital_Test.zip,
cargo-simple-3-songs.csv, Cargo_Physical_Test.xlsx).

Digital: the bundle is a ZIP of summary CSVs plus ``<account>-royalty_extended.csv``, the
line detail, which is streamed straight out of the archive (line numbers are that member's
physical lines). ``gross`` is ``Reported Royalty``, the label's share. Its currency is the
statement's, which the file states only inside ``Sale net receipts calculation``
('$0.0027 × 100% of sale × 100% of asset × 0.7957 £/$ = £'): the ``Currency`` column is
the sale's original currency, converted at ``Exchange Rate`` (both kept in ``extra``).

Physical: the first worksheet, header in its first non-empty row, row numbers as line
numbers (``sheets``). The sheet states no currency: Cargo Records (UK) accounts in pounds
sterling, as its digital statements show, so ``currency`` is 'GBP'. A number at the
15-significant-digit limit of spreadsheets may have lost digits, so its column is named in
``extra['inexact_cells']`` (``sheets.inexact_columns``).
"""

import contextlib
import os
import re
import zipfile
from collections.abc import Iterator

from importers.records import FormatError, ParseIssue, StatementLine
from importers.statements.common import (
    Header, Row, currency_code, header_of, open_text, period_of, usage_type,
)  # fmt: skip
from importers.statements.rows import header_only, parse_table, row_results, sniff_table, statement_line, text_lines
from importers.statements.sheets import cell_text, inexact_columns, sheet_rows
from importers.stores import Store

# --- digital ----------------------------------------------------------------------------

ISRC = "Asset ISRC"
ASSET_TITLE = "Asset Title"
ASSET_ARTIST = "Asset Artist"
CALCULATION = "Sale net receipts calculation"
REPORTED_ROYALTY = "Reported Royalty"
TERRITORY = "Territory"
QUANTITY = "Quantity"
SALE_TYPE = "Sale Type"
SALE_START = "Sale Start date"
STORE_NAME = "Sale Store Name"
DSP = "DSP"
PRODUCT_TITLE = "Product Title"
PRODUCT_ARTIST = "Product Artist"
PRODUCT_UPC = "Product UPC"

DIGITAL_COLUMNS = (ISRC, ASSET_TITLE, ASSET_ARTIST, CALCULATION, REPORTED_ROYALTY, TERRITORY, QUANTITY, SALE_TYPE,
                   SALE_START, STORE_NAME)  # fmt: skip

_MEMBER_SUFFIX = "royalty_extended.csv"

# The result currency of the calculation text: what follows its last '='.
_RESULT_CURRENCY = re.compile(r"=\s*(\S+)\s*$")
_SYMBOLS = {"£": "GBP", "$": "USD", "€": "EUR"}

_DIGITAL_EXTRA = {
    "Royalty ID": "royalty_id",
    "Asset Version": "asset_version",
    "Sale net receipts": "sale_net_receipts",
    "Contract deal term": "contract_deal_term",
    "Asset/Product": "asset_or_product",
    SALE_TYPE: "sale_type",
    "Sale User Type": "sale_user_type",
    "Sale End date": "sale_end",
    STORE_NAME: "store_name",
    "Exchange Rate": "exchange_rate",
    "Currency": "sale_currency",
    PRODUCT_TITLE: "product_title",
    "Product Catalog Number": "catalog_number",
    "Product Label": "label",
    "Sale ID": "sale_id",
    "Statement Run Name": "statement_run",
}


def _statement_currency(row: Row) -> str | None:
    found = _RESULT_CURRENCY.search(row.get(CALCULATION))
    code = found and (_SYMBOLS.get(found.group(1)) or currency_code(found.group(1)))
    if not code:
        row.fail(CALCULATION, f"{CALCULATION} does not end with the statement currency ('= £')")
    return code or None


def _digital_line(row: Row) -> StatementLine | None:
    sold = row.date(SALE_START, "%Y-%m-%d")
    # DSP is Cargo's normalized store ('Douyin' is reported under TikTok); older files lack it.
    store = row.store(DSP if row.get(DSP) else STORE_NAME)
    territory = row.territory(TERRITORY)
    units = row.integer(QUANTITY)
    gross = row.decimal(REPORTED_ROYALTY)
    currency = _statement_currency(row)
    isrc = row.isrc(ISRC)
    if row.issues:
        return None
    return statement_line(
        row.line, store, usage_type=usage_type(store, row.get(SALE_TYPE)), right_type="master",
        territory=territory, period=period_of(sold), units=units, gross=gross, currency=currency, isrc=isrc,
        upc=row.get(PRODUCT_UPC) or None, title=row.get(ASSET_TITLE) or row.get(PRODUCT_TITLE),
        artist=row.get(ASSET_ARTIST) or row.get(PRODUCT_ARTIST), extra=row.extra(_DIGITAL_EXTRA),
    )  # fmt: skip


def _member(archive: zipfile.ZipFile) -> str:
    for name in archive.namelist():
        if name.casefold().endswith(_MEMBER_SUFFIX):
            return name
    raise FormatError(f"not a Cargo digital statement: no *-{_MEMBER_SUFFIX} in the zip", list(DIGITAL_COLUMNS))


def _parse_zip(path) -> Iterator[StatementLine | ParseIssue]:
    with zipfile.ZipFile(path) as archive, archive.open(_member(archive)) as binary, open_text(binary) as text:
        head = header_only(DIGITAL_COLUMNS, "Cargo digital")
        yield from text_lines(text, ",", head, lambda _, row: _digital_line(row))


def sniff_cargo_digital(path: str | os.PathLike) -> bool:
    """True for a royalty_extended CSV, or a ZIP holding one, with every required column."""
    if not zipfile.is_zipfile(path):
        return sniff_table(path, ",", DIGITAL_COLUMNS)
    try:
        next(_parse_zip(path), None)
    except (FormatError, zipfile.BadZipFile):
        return False
    return True


def parse_cargo_digital(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """Stream a Cargo digital statement (the ZIP bundle or its royalty_extended CSV), in file order.

    ``period`` is the month of ``Sale Start date``; ``source`` the DSP; ``usage_type`` from
    ``Sale Type`` ('Streaming', 'Video Stream (Audio + Video)'...); ``right_type`` 'master';
    product-level rows have no ISRC. Raises FormatError on the first iteration if the ZIP
    has no royalty_extended member or a required column is missing; OSError if unreadable.
    """
    if zipfile.is_zipfile(path):
        return _parse_zip(path)
    return parse_table(path, "Cargo digital", ",", DIGITAL_COLUMNS, _digital_line)


# --- physical ---------------------------------------------------------------------------

PERIOD = "Period"
SOLD_TO = "Sold To"
SALE_OR_COST = "Sale / Cost"
COUNTRY = "Country"
ARTIST = "Artist / Invoice Ref"
TITLE = "Title / More info"
UPC = "UPC on report"
NET_QTY = "Net Qty"
NET_AFTER_FEE = "Net after fee"

PHYSICAL_COLUMNS = (PERIOD, SOLD_TO, SALE_OR_COST, COUNTRY, ARTIST, TITLE, UPC, NET_QTY, NET_AFTER_FEE)

CURRENCY = "GBP"
_CARGO = Store("cargo", "Cargo Records", "physical")

_PHYSICAL_PERIOD = re.compile(r"([0-9]{4})_(0?[1-9]|1[0-2])")

_PHYSICAL_EXTRA = {
    "Catalogue No.": "catalog_number",
    "Label": "label",
    "Label ID": "label_id",
    SOLD_TO: "sold_to",
    "Cinram V Sage V Cost": "system",
    "Domestic v Export": "domestic_or_export",
    SALE_OR_COST: "sale_or_cost",
    "Type / Cost Reason": "type_or_cost_reason",
    "Format": "format",
    "Gross value": "gross_value",
    "Cost": "cost",
    "Storage Costs": "storage_costs",
    "Distribution fee": "distribution_fee",
}

def _physical_line(row: Row) -> StatementLine | None:
    period = _PHYSICAL_PERIOD.fullmatch(row.get(PERIOD))
    if period is None:
        row.fail(PERIOD, f"{PERIOD} is not like 2023_01")
    territory = row.territory(COUNTRY)
    units = row.integer(NET_QTY)
    gross = row.decimal(NET_AFTER_FEE)
    if row.issues:
        return None
    return statement_line(
        row.line, _CARGO, usage_type="physical" if row.get(SALE_OR_COST).casefold() == "sale" else "other",
        right_type="master", territory=territory, period=f"{period.group(1)}-{int(period.group(2)):02d}",
        units=units, gross=gross, currency=CURRENCY, upc=row.get(UPC) or None, title=row.get(TITLE),
        artist=row.get(ARTIST), extra=row.extra(_PHYSICAL_EXTRA),
    )  # fmt: skip


def _sheet_rows(path) -> Iterator[tuple[int, list[object]]]:
    """(row number, cell values) of each non-empty row of the first worksheet (``sheets.sheet_rows``).

    Raises FormatError if the file is not an xlsx workbook.
    """
    return sheet_rows(path, "Cargo physical", PHYSICAL_COLUMNS)


def _physical_header(rows: Iterator[tuple[int, list[object]]]) -> tuple[list[str], Header]:
    """The header row's names and Header; FormatError naming the missing columns."""
    first = next(rows, None)
    names = None if first is None else [cell_text(value) for value in first[1]]
    return names, header_of(names, PHYSICAL_COLUMNS, "Cargo physical (xlsx)")


def sniff_cargo_physical(path: str | os.PathLike) -> bool:
    """True for an xlsx workbook whose first sheet starts with the physical statement's header."""
    with contextlib.closing(_sheet_rows(path)) as rows:
        try:
            _physical_header(rows)
        except FormatError:
            return False
    return True


def parse_cargo_physical(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """Stream a Cargo physical statement (xlsx, openpyxl read-only) as StatementLines and ParseIssues.

    ``period`` from ``Period`` ('2023_01'); ``territory`` from ``Country`` (names such as
    'Germany', or 'UK'); ``gross`` is ``Net after fee`` in GBP; 'Sale' rows are
    ``usage_type`` 'physical', 'Cost' rows 'other'; ``source`` cargo; ``right_type``
    'master'. Line numbers are worksheet row numbers. Raises FormatError on the first
    iteration if the file is not an xlsx workbook or lacks a required column; OSError if
    it cannot be read.
    """
    with contextlib.closing(_sheet_rows(path)) as rows:
        names, header = _physical_header(rows)
        for number, values in rows:
            row = Row(number, [cell_text(value) for value in values], header.columns,
                      inexact=inexact_columns(names, values))
            yield from row_results(row, _physical_line(row))
