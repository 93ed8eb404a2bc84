"""Typed records produced by the importers."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class ParseIssue:
    """A problem with one row of an input file; the row is skipped.

    ``line`` is the 1-based physical line in the file (the header is line 1);
    ``field`` the column at fault, or None when the row's shape is wrong;
    ``message`` a human-readable reason; ``raw`` the offending cell's text,
    or the whole line when ``field`` is None.
    """

    line: int
    field: str | None
    message: str
    raw: str | None


@dataclass(frozen=True)
class StatementLine:
    """One money-bearing line of a royalty statement, as reported.

    ``gross`` is the exact ``Decimal`` from the file in ``currency`` units
    (ISO 4217), unrounded: rounding to micro-units happens in ``app.money``.
    ``period`` is the sale month 'YYYY-MM'; ``territory`` an ISO 3166-1
    alpha-2 code, 'OU' (DistroKid's "outside US") or 'WORLD' when the file
    names no country; ``source`` a stable lowercase slug of the store
    ('spotify', 'apple_music'...) and ``source_label`` its display name;
    ``usage_type`` 'stream', 'download', 'ugc', 'physical', 'performance',
    'mechanical' or 'other'; ``right_type`` the right the money is for
    ('master', 'performance', 'mechanical', 'sync'...);
    ``units`` the reported quantity (negative for returns); ``isrc`` is
    normalized (upper-case, no separators) and None on release-level rows;
    ``extra`` holds source-specific fields as strings.
    """

    line: int
    source: str
    source_label: str
    usage_type: str
    right_type: str
    territory: str
    period: str
    reported_on: datetime.date | None
    units: int
    gross: Decimal
    currency: str
    isrc: str | None
    upc: str | None
    title: str
    artist: str
    # A mapping is not hashable; leaving it out of the hash keeps lines usable
    # in sets while equality still compares it.
    extra: Mapping[str, str] = field(hash=False)


class FormatError(ValueError):
    """The file is not in the format the parser expects.

    ``missing`` lists the required columns that were not found in the header
    (every one of them when the file is empty).
    """

    def __init__(self, message: str, missing: list[str]) -> None:
        """Build the error from a message naming what is missing and the column list."""
        super().__init__(message)
        self.missing = missing
