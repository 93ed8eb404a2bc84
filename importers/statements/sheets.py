"""Rows of a spreadsheet (xlsx) statement, streamed by openpyxl in read-only mode.

Shared by the Cargo physical adapter and the mapping templates of ``format: xlsx``. Row
numbers are worksheet row numbers (1-based), which are the line numbers of the issues; empty
rows are passed over. Numbers come from a spreadsheet as floats: ``cell_text`` converts one
through ``repr`` (the shortest text that round-trips), and ``inexact_columns`` names the cells
at the 15-significant-digit limit of spreadsheets, where digits may have been lost before we
read them (a row's ``extra['inexact_cells']``).
"""
from __future__ import annotations

import datetime
import os
import zipfile
from collections.abc import Iterator, Sequence
from decimal import Decimal

import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from importers.statements.common import format_error

# A double has 15-17 significant digits; spreadsheets keep 15, so a value that uses them may be cut.
FLOAT_DIGITS_LIMIT = 15


def is_workbook(path: str | os.PathLike) -> bool:
    """True when the file at ``path`` is an xlsx workbook (a zip holding ``xl/workbook.xml``)."""
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return "xl/workbook.xml" in archive.namelist()


def sheet_rows(path: str | os.PathLike, what: str, required: Sequence[str],
               sheet: str | None = None) -> Iterator[tuple[int, list[object]]]:
    """(row number, cell values) of each non-empty row of the worksheet ``sheet`` (None: the
    first). Values are as openpyxl reads them: str, int, float, bool, datetime, or None.

    Raises FormatError (``what`` and its ``required`` columns) on the first iteration when the
    file is not an xlsx workbook or has no such worksheet; OSError if it cannot be read."""
    with open(path, "rb") as file:
        try:
            # A file object, not a path: openpyxl would refuse a stored upload without an .xlsx name.
            workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, InvalidFileException) as error:
            raise format_error(f"{what} (xlsx)", list(required)) from error
        try:
            if sheet is not None and sheet not in workbook.sheetnames:
                raise format_error(f"{what} (xlsx): no worksheet {sheet!r} (it has {', '.join(workbook.sheetnames)})",
                                   list(required))
            worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
            # The dimension a writer records can be wrong; read every row the sheet holds.
            worksheet.reset_dimensions()
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                if any(value is not None and str(value).strip() for value in values):
                    yield number, list(values)
        finally:
            workbook.close()


def cell_text(value: object) -> str:
    """A cell's value as text: a number in plain decimal notation, a date or time in ISO form."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def inexact_columns(names: Sequence[str], values: Sequence[object]) -> tuple[str, ...]:
    """The ``names`` (header cells, stripped) of the row's ``values`` that are floats at the
    spreadsheet precision limit, so their last digits may have been cut."""
    return tuple(names[i].strip() for i, value in enumerate(values[:len(names)]) if _at_limit(value))


def _at_limit(value: object) -> bool:
    if not isinstance(value, float) or value.is_integer():
        return False
    digits = repr(value).lower().split("e")[0].lstrip("+-").replace(".", "").lstrip("0")
    return len(digits) >= FLOAT_DIGITS_LIMIT
