"""Bandcamp sales export: a CSV, one row per sale, refund or payout.

Layout: FORMATS.md "Bandcamp: sales export" (samples bandcamp.csv: the full 52-column
export, UTF-16LE with a BOM as Bandcamp delivers it; bandcamp-simple-3-songs.csv and
bandcamp-non-ascii.csv: a 17-column UTF-8 variant with no country columns).

``gross`` is ``net amount``: what the artist earns after Bandcamp's revenue share and the
payment fees (``item total``, ``amount you received`` and the fees go to ``extra``).
``payout`` rows move the balance to the artist's PayPal account; they are not income and
are skipped. ``item type`` album/track is a download, package a physical sale; other
types (refunds, reversals, adjustments) are 'other' and keep their sign.
The short variant reports no country: its lines get territory WORLD, matching only
world-wide rights.
"""

import os
from collections.abc import Iterator

from importers.records import ParseIssue, StatementLine
from importers.statements.common import WORLD, Row, period_of
from importers.statements.rows import parse_table, sniff_table, statement_line
from importers.stores import classify_store

DATE = "date"
ITEM_TYPE = "item type"
ITEM_NAME = "item name"
ARTIST = "artist"
CURRENCY = "currency"
QUANTITY = "quantity"
NET_AMOUNT = "net amount"
COUNTRY_CODE = "country code"
UPC = "upc"
ISRC = "isrc"

REQUIRED_COLUMNS = (DATE, ITEM_TYPE, ITEM_NAME, ARTIST, CURRENCY, QUANTITY, NET_AMOUNT)

# e.g. '1/1/20 4:49am'
_DATE_TIME = "%m/%d/%y %I:%M%p"

_USAGE = {"album": "download", "track": "download", "package": "physical"}

_EXTRA_COLUMNS = {
    DATE: "date",
    ITEM_TYPE: "item_type",
    "paid to": "paid_to",
    "item price": "item_price",
    "sub total": "sub_total",
    "item total": "item_total",
    "transaction fee": "transaction_fee",
    "amount you received": "amount_you_received",
    "bandcamp transaction id": "transaction_id",
    "package": "package",
    "option": "option",
    "sku": "sku",
    "catalog number": "catalog_number",
}

_BANDCAMP = classify_store("Bandcamp")


def sniff_bandcamp(path: str | os.PathLike) -> bool:
    """True if the file's first line is a Bandcamp sales-export header. Raises OSError if unreadable."""
    return sniff_table(path, ",", REQUIRED_COLUMNS)


def _parse_row(row: Row) -> StatementLine | None:
    kind = row.get(ITEM_TYPE).casefold()
    if kind == "payout":
        return None
    sold = row.date(DATE, _DATE_TIME)
    units = row.integer(QUANTITY)
    gross = row.decimal(NET_AMOUNT)
    currency = row.currency(CURRENCY)
    territory = row.territory(COUNTRY_CODE) if COUNTRY_CODE in row.columns else WORLD
    isrc = row.isrc(ISRC)
    if row.issues:
        return None
    return statement_line(
        row.line, _BANDCAMP, usage_type=_USAGE.get(kind, "other"), right_type="master", territory=territory,
        period=period_of(sold), units=units, gross=gross, currency=currency, isrc=isrc, upc=row.get(UPC) or None,
        title=row.get(ITEM_NAME), artist=row.get(ARTIST), extra=row.extra(_EXTRA_COLUMNS),
    )  # fmt: skip


def parse_bandcamp(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """Stream a Bandcamp sales export as StatementLines and ParseIssues, in file order.

    UTF-16 (by its BOM), UTF-8 or Windows-1252; any line ends. ``period`` is the month of
    ``date`` ('M/D/YY h:mmam'), kept whole in ``extra['date']``; ``currency`` the row's;
    ``territory`` its ``country code`` (WORLD in the short variant); ``source`` bandcamp;
    ``right_type`` 'master'. Line numbers are physical (header = 1). Raises FormatError on
    the first iteration if a required column is missing; OSError if the file cannot be read.
    """
    return parse_table(path, "Bandcamp", ",", REQUIRED_COLUMNS, _parse_row)
