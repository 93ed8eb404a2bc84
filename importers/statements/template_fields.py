"""The fields a statement mapping template can fill, and how one cell of each is read.

A template (``importers.statements.template_spec``) maps file columns to these fields; this
module turns one cell's text into the field's value under the template's number and date
formats, or None when the text is not a valid value (the caller records a ParseIssue with
``FIELD_RULES[field]`` as the reason). The parsing itself is ``importers.statements.common``'s
(``parse_decimal``, ``parse_date``, ``territory_code``, ``currency_code``) and
``importers.identifiers``'; this module only adapts number and date formats to them.
"""

import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from importers.catalog import RIGHT_TYPES
from importers.identifiers import is_valid_isrc, is_valid_iswc, normalize_isrc, normalize_iswc, normalize_upc
from importers.statements.common import WORLD, currency_code, parse_date, parse_decimal, period_of, territory_code

#: What a statement line's money is for (``StatementLine.usage_type``).
USAGE_TYPES = ("stream", "download", "ugc", "physical", "broadcast", "performance", "mechanical", "sync", "other")

#: Every field a template may map, with what its value is.
FIELD_RULES = {
    "isrc": "an ISRC (CC-XXX-YY-NNNNN)",
    "upc": "a UPC/EAN (digits)",
    "iswc": "an ISWC (T-DDD.DDD.DDD-C, check digit correct)",
    "title": "the track or work title",
    "releaseTitle": "the release title (the title when the line has no track title)",
    "artist": "the artist or interested party",
    "territory": "a country (ISO 3166-1 alpha-2/alpha-3 code or English name) or WORLD",
    "period": "the sale month, in one of the periodFormats",
    "saleDate": "the sale date, in one of the dateFormats (its month is the period)",
    "reportedOn": "the reporting date, in one of the dateFormats",
    "units": "a whole number of units",
    "gross": "an amount in the template's number format",
    "currency": "an ISO 4217 currency code",
    "usageType": f"one of {', '.join(USAGE_TYPES)}",
    "rightType": f"one of {', '.join(RIGHT_TYPES)}",
    "store": "the store / DSP name (its known slug, e.g. spotify, or a slug of the name)",
}
FIELDS = tuple(FIELD_RULES)

# Separators a number format may use for thousands: comma, dot, space, apostrophe (Swiss),
# no-break and narrow no-break space (French, as spreadsheets export them).
THOUSANDS_SEPARATORS = (",", ".", " ", "'", "\u00a0", "\u202f")
DECIMAL_SEPARATORS = (".", ",")

_YEAR = re.compile(r"%[Yy]")


@dataclass(frozen=True)
class Formats:
    """How a file writes numbers and dates: the separators, and ``strptime`` formats tried in
    order for dates (``date_formats``) and sale months (``period_formats``)."""

    decimal: str = "."
    thousands: str | None = None
    date_formats: tuple[str, ...] = ("%Y-%m-%d",)
    period_formats: tuple[str, ...] = ("%Y-%m",)


#: The formats of a template's ``constants``: plain numbers, ISO dates, 'YYYY-MM' periods.
CANONICAL = Formats()


def number_parser(decimal: str, thousands: str | None) -> Callable[[str], Decimal | None]:
    """A parser of amounts written with ``decimal`` and optional ``thousands`` separators.

    The text must have the format's shape — thousands groups of exactly three digits — so '1.5'
    is never read as 15 under a '.' thousands separator; an exponent ('1,2E-05') and accounting
    negatives ('(9,50)') are accepted. Returns the exact Decimal, or None.
    """
    grouped = rf"[0-9]{{1,3}}(?:{re.escape(thousands)}[0-9]{{3}})+|" if thousands else ""
    shape = re.compile(rf"[+-]?(?:(?:{grouped}[0-9]+)(?:{re.escape(decimal)}[0-9]*)?|{re.escape(decimal)}[0-9]+)"
                       r"(?:[eE][+-]?[0-9]+)?")

    def parse(text: str) -> Decimal | None:
        text = text.strip()
        inner = text[1:-1].strip() if text.startswith("(") and text.endswith(")") else text
        if not shape.fullmatch(inner):
            return None
        canonical = text.replace(thousands, "") if thousands else text
        return parse_decimal(canonical.replace(decimal, "."))
    return parse


def first_date(text: str, formats: Sequence[str]) -> datetime.date | None:
    """The date of ``text`` in the first of ``formats`` that reads it (``common.parse_date``), or None."""
    for fmt in formats:
        found = parse_date(text.strip(), fmt)
        if found is not None:
            return found
    return None


def check_date_format(fmt: str) -> str | None:
    """Why ``fmt`` cannot be a template date format (no year, or a date written in it does not
    read back), or None when it can."""
    if not _YEAR.search(fmt):
        return f"{fmt!r} has no year (%Y or %y)"
    sample = datetime.date(2024, 1, 31)
    found = parse_date(sample.strftime(fmt), fmt)
    if found is None or found.year != sample.year:
        return f"{fmt!r} does not read back the dates it writes"
    return None


def _period(formats: Sequence[str]) -> Callable[[str], str | None]:
    def parse(text: str) -> str | None:
        day = first_date(text, formats)
        return None if day is None else period_of(day)
    return parse


def _units(number: Callable[[str], Decimal | None]) -> Callable[[str], int | None]:
    def parse(text: str) -> int | None:
        value = number(text)
        return int(value) if value is not None and value == value.to_integral_value() else None
    return parse


def _isrc(text: str) -> str | None:
    return normalize_isrc(text) if is_valid_isrc(text) else None


def _iswc(text: str) -> str | None:
    return normalize_iswc(text) if is_valid_iswc(text) else None


def _upc(text: str) -> str | None:
    # Spreadsheets keep a barcode's leading zeros when it is written in quotes (CD Baby).
    digits = normalize_upc(text.strip().strip('"'))
    return digits if digits.isascii() and digits.isdigit() else None


def _territory(text: str) -> str | None:
    return WORLD if text.strip().upper() == WORLD else territory_code(text)


def _one_of(allowed: Sequence[str]) -> Callable[[str], str | None]:
    return lambda text: text.strip().lower() if text.strip().lower() in allowed else None


def _text(text: str) -> str | None:
    return text.strip() or None


def cell_parsers(formats: Formats) -> dict[str, Callable[[str], object]]:
    """For every field, the function reading a non-empty cell as its value (None: invalid).

    ``store`` is read as its name: the caller classifies it (``importers.stores``).
    """
    number = number_parser(formats.decimal, formats.thousands)
    return {
        "isrc": _isrc,
        "upc": _upc,
        "iswc": _iswc,
        "title": _text,
        "releaseTitle": _text,
        "artist": _text,
        "territory": _territory,
        "period": _period(formats.period_formats),
        "saleDate": lambda text: first_date(text, formats.date_formats),
        "reportedOn": lambda text: first_date(text, formats.date_formats),
        "units": _units(number),
        "gross": number,
        "currency": currency_code,
        "usageType": _one_of(USAGE_TYPES),
        "rightType": _one_of(RIGHT_TYPES),
        "store": _text,
    }
