"""Statements parsed by a declarative mapping template (``template_spec``) instead of an adapter.

``parse_template(path, template)`` streams a delimited file (or an xlsx worksheet, ``sheets``)
as StatementLines and line-numbered ParseIssues in constant memory, through the same pipeline
as the adapters (``common`` decoding and records, ``rows`` header check and line builder).
``Template`` is a validated template, ready to parse, to sniff a file and to score a file's
header for auto-detection.
"""

import codecs
import contextlib
import datetime
import hashlib
import io
import os
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from typing import TextIO

from importers.records import FormatError, ParseIssue, StatementLine
from importers.statements.common import (
    SNIFF_BYTES, WORLD, Header, Record, Row, column_key, data_rows, given_period, header_of, open_text, period_of,
    read_records,
)  # fmt: skip
from importers.statements.rows import Records, statement_line, statement_lines, text_lines
from importers.statements.sheets import cell_text, inexact_columns, is_workbook, sheet_rows
from importers.statements.template_fields import CANONICAL, FIELD_RULES, Formats, cell_parsers
from importers.statements.template_spec import load_spec
from importers.stores import Store, classify_store, slugify

#: Values of the fields a template neither maps nor gives a constant for.
DEFAULTS = {"rightType": "master", "territory": WORLD, "units": 0}

# Delimiters tried when the layout is not known (``guess_header``): the one splitting the
# first line into the most cells wins.
_GUESS_DELIMITERS = ("\t", ",", ";", "|")


def header_signature(columns: Sequence[str]) -> str:
    """sha256 (hex) of a header's distinct column names, compared as ``common.column_key``, in
    sorted order: the same for any order, case or padding of the same columns."""
    names = sorted({column_key(name) for name in columns if name.strip()})
    return hashlib.sha256("\x1f".join(names).encode("utf-8")).hexdigest()


class Template:
    """A validated template (see ``template_spec``); raises TemplateError when built from an
    invalid document. ``spec`` is the document with its defaults filled in; ``source`` the slug
    of its source name; ``required`` the columns a file must have; ``header_columns`` and
    ``signature`` what auto-detection compares a file's header with."""

    def __init__(self, document: Mapping) -> None:
        self.spec = spec = load_spec(document)
        self.name: str = spec["name"]
        self.source: str = slugify(spec["source"])
        self.store = Store(self.source, " ".join(spec["source"].split()), "other")
        self.columns: dict[str, list[str]] = spec["columns"]
        self.required = list(dict.fromkeys(
            [name for names in self.columns.values() for name in names] + list(spec["skipWhen"])))
        self.header_columns: list[str] = spec["headerColumns"] or self.required
        self.signature = header_signature(self.header_columns)
        formats = Formats(spec["decimalSeparator"], spec["thousandsSeparator"], tuple(spec["dateFormats"]),
                          tuple(spec["periodFormats"]))
        self._read = cell_parsers(formats)
        canonical = cell_parsers(CANONICAL)
        self._constants = {name: canonical[name](str(value)) for name, value in spec["constants"].items()}
        self._values = {name: {column_key(k): v for k, v in mapping.items()}
                        for name, mapping in spec["values"].items()}
        self._skip = {name: {column_key(v) for v in values} for name, values in spec["skipWhen"].items()}
        #: The file states no sale month: the statement's period is needed to parse it.
        self.needs_period = not ({"period", "saleDate"} & (self.columns.keys() | self._constants.keys()))
        self.xlsx = spec["format"] == "xlsx"
        self._field_of = {column_key(name): field for field, names in self.columns.items() for name in names}

    # -- reading a file ----------------------------------------------------------------------

    def open(self, binary) -> TextIO:
        """``binary`` (seekable) as text in the template's encoding ('auto': sniffed, as the
        adapters do); undecodable bytes become U+FFFD and never raise."""
        if self.spec["encoding"] == "auto":
            return open_text(binary)
        # A BOM is not part of the first column's name.
        encoding = "utf-8-sig" if codecs.lookup(self.spec["encoding"]).name == "utf-8" else self.spec["encoding"]
        return io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="")

    def read_head(self, records: Records) -> tuple[Header, None]:
        """Skip ``skipRows`` physical lines, read the header; FormatError naming the mapped
        columns it lacks (every one of them for an empty file)."""
        first = next((r for r in records if r.line > self.spec["skipRows"]), None)
        cells = None if first is None else first.cells if isinstance(first, Record) else []
        return header_of(cells, self.required, f"{self.name!r}"), None

    def header(self, path: str | os.PathLike) -> list[str] | None:
        """The header cells of the file at ``path`` read under this template's settings
        (None: no header line; a spreadsheet for a delimited template and the reverse).
        Raises OSError if unreadable."""
        if self.xlsx != is_workbook(path):
            return None
        if self.xlsx:
            try:
                with contextlib.closing(self._sheet_records(path)) as records:
                    first = next((r for r in records if r.line > self.spec["skipRows"]), None)
            except FormatError:
                return None
            return first.cells if first is not None else None
        with open(path, "rb") as binary, self.open(binary) as text:
            records = read_records(text, self.spec["delimiter"], self.spec["quoted"])
            first = next((r for r in records if r.line > self.spec["skipRows"]), None)
        return first.cells if isinstance(first, Record) else None

    def score(self, cells: Sequence[str] | None) -> float:
        """How well a header fits this template, 0..1: 0 when a mapped column is missing, 1 for
        the same columns as ``header_columns``, else the share of the file's columns this
        template knows (Jaccard index of the two column sets)."""
        if not cells or Header(cells).missing(self.required):
            return 0.0
        found = {column_key(c) for c in cells if c.strip()}
        known = {column_key(c) for c in self.header_columns}
        return len(found & known) / len(found | known)

    def _sheet_records(self, path) -> Iterator[Record]:
        """The worksheet's non-empty rows as records of their cells' text (``typed_text``)."""
        names: list[str] = []
        fields: list[str | None] | None = None  # the field each header column maps to, once read
        for number, values in sheet_rows(path, repr(self.name), self.required, self.spec["sheet"]):
            inexact = ()
            if fields is None:
                cells = [cell_text(value).strip() for value in values]
                if number > self.spec["skipRows"]:
                    names, fields = cells, [self._field_of.get(column_key(name)) for name in cells]
            else:
                cells = [self.typed_text(value, fields[i] if i < len(fields) else None)
                         for i, value in enumerate(values)]
                cells += [""] * (len(fields) - len(cells))  # a row may end before the header does
                inexact = inexact_columns(names, values)
            yield Record(number, "\t".join(cells), cells, inexact)

    def typed_text(self, value: object, field: str | None) -> str:
        """A spreadsheet cell's value as the text this template's formats read: a number with its
        ``decimalSeparator`` (plain notation, no grouping), a date in its first ``periodFormats``
        (for the ``period`` field) or ``dateFormats``; text as it is."""
        if isinstance(value, float | int) and not isinstance(value, bool):
            return cell_text(value).replace(".", self.spec["decimalSeparator"])
        if isinstance(value, datetime.datetime | datetime.date):
            formats = self.spec["periodFormats"] if field == "period" else self.spec["dateFormats"]
            return value.strftime(formats[0])
        return cell_text(value)

    # -- one row -----------------------------------------------------------------------------

    def _cell(self, row: Row, field: str) -> tuple[str | None, str]:
        """(the column the field's value comes from, its text after ``values``); (None, '') when
        the field has no column or every one of its cells is empty."""
        for column in self.columns.get(field, ()):
            text = row.get(column)
            if text:
                return column, self._values.get(field, {}).get(column_key(text), text)
        return None, ""

    def value(self, row: Row, field: str, required: bool = False):
        """The field's value on ``row``: its cell read (an issue on the row when invalid), else
        its constant, else None (an issue when ``required``)."""
        column, text = self._cell(row, field)
        if column is None:
            if field in self._constants:
                return self._constants[field]
            if required:
                where = self.columns.get(field, [field])[0]
                row.fail(where, f"{where} is empty")
            return None
        found = self._read[field](text)
        if found is None:
            row.fail(column, f"{column} is not {FIELD_RULES[field]}")
        return found

    def _month(self, row: Row, period: str | None) -> str | None:
        """The line's sale month: ``period``, else ``saleDate``'s month, else (a template that
        maps neither) the statement's ``period``; None with an issue when there is none."""
        if self.needs_period:
            return given_period(row, period, self.name)
        month = self.value(row, "period")
        if month is None:
            sold = self.value(row, "saleDate")
            month = None if sold is None else period_of(sold)
        sources = [name for name in ("period", "saleDate") if name in self.columns or name in self._constants]
        if month is None and not row.issues:
            where = self.columns.get(sources[0], [sources[0]])[0]
            row.fail(where, f"{where} is empty: the line has no sale month")
        return month

    def build(self, period: str | None, row: Row) -> StatementLine | None:
        """The StatementLine of ``row`` (None: a skipped row, or issues recorded on the row).
        ``period`` is the statement's, for templates whose lines state none."""
        if any(column_key(row.get(column)) in values for column, values in self._skip.items()):
            return None
        fields = {name: self.value(row, name, required=name in ("gross", "currency"))
                  for name in self._read if name not in ("period", "saleDate")}
        month = self._month(row, period)
        store = self.store
        if fields["store"]:
            try:
                store = classify_store(fields["store"])
            except ValueError:
                row.fail(self._cell(row, "store")[0], "store has no letters or digits")
        if row.issues:
            return None
        more = {"iswc": fields["iswc"], "release_title": fields["releaseTitle"]}
        return statement_line(
            row.line, store, usage_type=fields["usageType"] or store.usage_type,
            right_type=fields["rightType"] or DEFAULTS["rightType"],
            territory=fields["territory"] or DEFAULTS["territory"], period=month,
            units=DEFAULTS["units"] if fields["units"] is None else fields["units"], gross=fields["gross"],
            currency=fields["currency"], isrc=fields["isrc"], upc=fields["upc"], reported_on=fields["reportedOn"],
            title=fields["title"] or fields["releaseTitle"] or "", artist=fields["artist"] or "",
            extra=row.extra(self.spec["extra"], **{k: v for k, v in more.items() if v}),
        )  # fmt: skip


def parse_template(path: str | os.PathLike, template: Template | Mapping,
                   period: str | None = None) -> Iterator[StatementLine | ParseIssue]:
    """Stream the delimited file at ``path`` as the ``template`` (a Template or its document)
    reads it: StatementLines and ParseIssues in file order (physical line numbers, header =
    ``skipRows`` + 1 on a file without blank lines).

    ``period`` ('YYYY-MM') is the statement's sale month, used when the template maps neither
    ``period`` nor ``saleDate`` and has no constant for them. Raises TemplateError now for an
    invalid template document; FormatError on the first iteration when the header lacks a
    mapped column; ValueError on the first row needing ``period`` if it is not 'YYYY-MM';
    OSError if the file cannot be read.
    """
    template = template if isinstance(template, Template) else Template(template)
    return _lines(path, template, period)


def _lines(path, template: Template, period: str | None) -> Iterator[StatementLine | ParseIssue]:
    if template.xlsx:
        records = template._sheet_records(path)
        header, _ = template.read_head(records)
        yield from statement_lines(data_rows(records, header), lambda row: template.build(period, row))
        return
    with open(path, "rb") as binary, template.open(binary) as text:
        yield from text_lines(text, template.spec["delimiter"], template.read_head,
                              lambda _, row: template.build(period, row), template.spec["quoted"])


def guess_header(path: str | os.PathLike) -> list[str]:
    """The first non-blank line of a text file split on the delimiter (tab, comma, semicolon,
    pipe) giving the most cells; a spreadsheet's first non-empty row of its first worksheet;
    [] for another zip. Raises OSError."""
    if is_workbook(path):
        try:
            first = next(sheet_rows(path, "spreadsheet", []), None)
        except FormatError:
            return []
        return [] if first is None else [cell_text(value).strip() for value in first[1]]
    if zipfile.is_zipfile(path):
        return []
    with open(path, "rb") as binary, open_text(binary) as text:
        line = next((piece for piece in iter(lambda: text.readline(SNIFF_BYTES), "") if piece.strip()), "")
    best: list[str] = []
    for delimiter in _GUESS_DELIMITERS:
        record = next(read_records(io.StringIO(line), delimiter), None)
        if isinstance(record, Record) and len(record.cells) > len(best):
            best = [cell.strip() for cell in record.cells]
    return best

