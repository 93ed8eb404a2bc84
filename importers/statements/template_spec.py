"""The declarative mapping template of a statement layout we have no adapter for, and its validation.

A template is a JSON object (camelCase keys)::

    {"name": "Acme Music monthly", "source": "Acme Music",
     "delimiter": ";", "encoding": "auto", "skipRows": 2, "quoted": true,
     "columns": {"isrc": "ISRC", "title": ["Track", "Release"], "territory": "Land",
                 "saleDate": "Datum", "units": "Menge", "gross": "Betrag", "store": "Shop"},
     "constants": {"currency": "EUR", "rightType": "master", "territory": "WORLD"},
     "values": {"usageType": {"Streaming": "stream", "Download": "download"}},
     "dateFormats": ["%d.%m.%Y"], "periodFormats": ["%Y%m"],
     "decimalSeparator": ",", "thousandsSeparator": ".",
     "skipWhen": {"Track": ["Total", "Summe"]}, "extra": {"Label": "label"},
     "headerColumns": ["ISRC", "Track", "..."]}

* ``columns`` maps a field (``template_fields.FIELDS``) to the header name of its column, or to
  a list of names: the first non-empty cell wins (a track title, else the release title).
  Header names compare stripped and case-folded. Every mapped column must be in the header.
* ``constants`` gives a field's value where the file has none: for a field without a column,
  every line; for a field with one, the lines whose cell is empty. Constants are written
  canonically: 'YYYY-MM' periods, ISO dates, plain numbers, codes.
* ``values`` rewrites a column's cells before they are read (case-insensitive): a store's own
  words for usage or right types, 'Worldwide' → 'WORLD'…
* ``skipWhen`` names rows that carry no money line (totals, sub-headers): column → cell values.
* ``extra`` keeps more columns in ``StatementLine.extra`` (column → key).
* ``headerColumns``: the whole header of a sample file, for auto-detection (default: the mapped
  columns).
* ``format``: ``delimited`` (default: text read with ``delimiter``, ``quoted``, ``encoding``) or
  ``xlsx`` (a worksheet: ``sheet`` names it, default the first; ``skipRows`` counts worksheet
  rows before the header). A spreadsheet's number and date cells are read as the values they
  are, whatever ``decimalSeparator`` or ``dateFormats`` say (those read its text cells).

Required: a ``gross`` column; a currency (column or constant); at least one of ``isrc``,
``upc``, ``iswc``, ``title`` as a column. The sale month comes from ``period``, else
``saleDate``, else the period given when the statement is registered. ``rightType`` defaults
to 'master', ``territory`` to WORLD, ``units`` to 0, ``usageType`` to the store's usage, the
line's store to the template's ``source``.
"""

import codecs
from collections.abc import Mapping
from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from importers.statements.common import column_key
from importers.statements.template_fields import (
    CANONICAL,
    DECIMAL_SEPARATORS,
    FIELD_RULES,
    FIELDS,
    THOUSANDS_SEPARATORS,
    cell_parsers,
    check_date_format,
)
from importers.stores import slugify

IDENTIFYING_FIELDS = ("isrc", "upc", "iswc", "title")
FORMATS = ("delimited", "xlsx")


class TemplateError(ValueError):
    """A template breaks the rules above. ``errors`` names every problem at once, by key path
    (marshmallow's nested form: ``{"columns": {"gross": ["..."]}}``)."""

    def __init__(self, errors: dict):
        super().__init__(f"invalid statement template: {errors}")
        self.errors = errors


class ColumnNames(fields.Field):
    """A header name, or a non-empty list of them (first non-empty cell wins); loads as a list."""

    def _deserialize(self, value, attr, data, **kwargs):
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise ValidationError("a column name, or a non-empty list of column names")
        return [n.strip() for n in names]

    def _serialize(self, value, attr, obj, **kwargs):
        return value


_FIELD_KEY = fields.String(validate=validate.OneOf(FIELDS, error="unknown field {input!r}; one of {choices}"))


class TemplateSpec(Schema):
    """The template document; ``load`` fills the defaults. See the module docstring."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    source = fields.String(required=True, validate=validate.Length(min=1, max=100),
                           metadata={"description": "the source's name; its slug is the statement's source"})
    description = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))
    format = fields.String(load_default="delimited", validate=validate.OneOf(FORMATS), metadata={
        "description": "delimited (CSV, TSV… read with delimiter, quoted, encoding) or xlsx (a worksheet)"})
    sheet = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=31), metadata={
        "description": "xlsx: the worksheet's name (default: the first worksheet)"})
    delimiter = fields.String(load_default=",", validate=validate.NoneOf(
        ['"', "\r", "\n"], error="the delimiter cannot be a quote or a line break"))
    quoted = fields.Boolean(load_default=True, metadata={"description": "cells may be in double quotes"})
    encoding = fields.String(load_default="auto", metadata={"description": "auto (sniffed) or a codec name"})
    skipRows = fields.Integer(load_default=0, validate=validate.Range(min=0, max=1000),
                              metadata={"description": "physical lines before the header"})
    columns = fields.Dict(keys=_FIELD_KEY, values=ColumnNames(), required=True)
    constants = fields.Dict(keys=_FIELD_KEY, values=fields.Raw(), load_default=dict)
    values = fields.Dict(keys=_FIELD_KEY, values=fields.Dict(keys=fields.String(), values=fields.String()),
                         load_default=dict)
    dateFormats = fields.List(fields.String(), load_default=lambda: list(CANONICAL.date_formats),
                              validate=validate.Length(min=1))
    periodFormats = fields.List(fields.String(), load_default=lambda: list(CANONICAL.period_formats),
                                validate=validate.Length(min=1))
    decimalSeparator = fields.String(load_default=".", validate=validate.OneOf(DECIMAL_SEPARATORS))
    thousandsSeparator = fields.String(load_default=None, allow_none=True,
                                       validate=validate.OneOf(THOUSANDS_SEPARATORS))
    skipWhen = fields.Dict(keys=fields.String(validate=validate.Length(min=1)),
                           values=fields.List(fields.String(), validate=validate.Length(min=1)), load_default=dict)
    extra = fields.Dict(keys=fields.String(validate=validate.Length(min=1)),
                        values=fields.String(validate=validate.Length(min=1)), load_default=dict)
    headerColumns = fields.List(fields.String(), load_default=None, allow_none=True)

    # Every problem at once: the rules below run even when a field already failed.
    @validates_schema(skip_on_field_errors=False)
    def _rules(self, data, **_):
        errors: dict[str, dict | list] = {}

        def fail(key: str, field: str | None, message: str) -> None:
            if field is None:
                errors.setdefault(key, []).append(message)
            else:
                errors.setdefault(key, {}).setdefault(field, []).append(message)

        columns = data.get("columns") or {}
        constants = data.get("constants") or {}
        if "gross" not in columns:
            fail("columns", "gross", "required: the column holding the line's amount")
        if "currency" not in columns and "currency" not in constants:
            fail("columns", "currency", "required: map a currency column or give constants.currency")
        if not any(name in columns for name in IDENTIFYING_FIELDS):
            fail("columns", IDENTIFYING_FIELDS[-1], f"map at least one of {', '.join(IDENTIFYING_FIELDS)}")
        parse = cell_parsers(CANONICAL)
        for name, value in constants.items():
            if name == "gross":
                fail("constants", name, "an amount cannot be a constant: map its column")
            elif name in parse and (not isinstance(value, (str, int, Decimal)) or isinstance(value, bool)
                                    or parse[name](str(value)) is None):
                fail("constants", name, f"{value!r} is not {FIELD_RULES[name]}")
        for name in data.get("values") or {}:
            if name not in columns:
                fail("values", name, f"values rewrite cells of a column: map {name} in columns")
        for key in ("dateFormats", "periodFormats"):
            for fmt in data.get(key) or []:
                problem = check_date_format(fmt)
                if problem:
                    fail(key, None, problem)
        thousands = data.get("thousandsSeparator")
        if thousands is not None and thousands == data.get("decimalSeparator"):
            fail("thousandsSeparator", None, "must differ from decimalSeparator")
        if data.get("sheet") is not None and data.get("format", "delimited") != "xlsx":
            fail("sheet", None, "a worksheet is named for format xlsx only")
        if len(data.get("delimiter") or "") != 1:
            fail("delimiter", None, "one character (a tab is \"\\t\")")
        if data.get("encoding", "auto") != "auto":
            try:
                codecs.lookup(data["encoding"])
            except LookupError:
                fail("encoding", None, f"unknown encoding {data['encoding']!r}; 'auto' sniffs it")
        named = {column_key(n) for n in data.get("headerColumns") or []}
        unnamed = [n for names in columns.values() for n in names if named and column_key(n) not in named]
        if unnamed:
            fail("headerColumns", None, f"lacks the mapped column(s) {', '.join(unnamed)}")
        if data.get("source") and not slugify(data["source"]):
            fail("source", None, "the source name needs a letter or digit")
        if errors:
            raise ValidationError(errors)

    @post_load
    def _canonical(self, data, **_):
        # Constants are kept as text ("5", not 5 or Decimal('5')): the stored document is plain JSON.
        data["constants"] = {name: str(value) for name, value in data["constants"].items()}
        return data


def load_spec(document: Mapping) -> dict:
    """The template ``document`` validated, with every default filled in.

    Raises TemplateError naming every problem (unknown fields, required mappings missing,
    constants that are not valid values, formats that cannot be read).
    """
    try:
        return TemplateSpec().load(document)
    except ValidationError as exc:
        raise TemplateError(exc.messages) from exc
