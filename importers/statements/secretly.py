"""Secretly Distribution label statements: digital (one row per DSP x track x country) and physical (per invoice line).

Layouts: FORMATS.md "Secretly Distribution: digital and physical label statements"
(samples sddigital.csv, sdphysical.csv). Both are CSVs sharing most columns; names are
matched case-insensitively (the physical file writes 'Invoice_Description').

``gross`` is ``Label Net Total``, what the label is paid after the distribution fee
(``Total Gross Income`` and ``Distribution Fee Total`` go to ``extra``). The statements
state no currency; ``currency`` is 'USD', the currency Secretly Distribution, a US
distributor, accounts to its labels in (an assumption the samples cannot confirm).
``period`` is the sale month an invoice description starts with ('2019.08 Streams'),
else the month of ``datePaidlast``; ``reported_on`` is ``dateProcessedlast``.
"""

import functools
import os
import re
from collections.abc import Iterator

from importers.records import ParseIssue, StatementLine
from importers.statements.common import Row, period_of, usage_type
from importers.statements.rows import parse_table, sniff_table, statement_line
from importers.stores import Store

CURRENCY = "USD"

CUSTOMER = "Customer"
UPC = "UPC"
ARTIST = "Artist"
TITLE_DESCRIPTION = "Title_Description"
PRODUCT_TITLE = "Product Title"
COUNTRY = "Country Code"
LABEL_NET_TOTAL = "Label Net Total"
DATE_PAID = "datePaidlast"
DATE_PROCESSED = "dateProcessedlast"
INVOICE_DESCRIPTION = "invoice_description"

PRODUCT_ID = "Product ID"  # the track's ISRC
DSP = "Digital Service Provider_Subdescription"
TRANSACTION_TYPE = "Transaction Type"
QUANTITY = "Quantity"

SIGNED_QUANTITY = "signedQuantity"

_COMMON = (CUSTOMER, UPC, ARTIST, TITLE_DESCRIPTION, PRODUCT_TITLE, COUNTRY, LABEL_NET_TOTAL, DATE_PAID)
DIGITAL_COLUMNS = _COMMON + (PRODUCT_ID, DSP, TRANSACTION_TYPE, QUANTITY)
PHYSICAL_COLUMNS = _COMMON + (SIGNED_QUANTITY,)

# e.g. '1/31/2020'
_DATE = "%m/%d/%Y"
_SALE_MONTH = re.compile(r"([0-9]{4})\.(0[1-9]|1[0-2])\b")

_EXTRA_COLUMNS = {
    "Internal Invoice Number": "invoice_number",
    CUSTOMER: "customer",
    "Catalog Number": "catalog_number",
    TITLE_DESCRIPTION: "release_title",
    "Customer Region": "customer_region",
    "CustomerClassification": "customer_classification",
    "digest invoiceform": "invoice_form",
    TRANSACTION_TYPE: "transaction_type",
    "Gross Unit Price": "gross_unit_price",
    "Total Gross Income": "total_gross_income",
    "Distribution Fee Total": "distribution_fee_total",
    "MnD Fee Total": "mnd_fee_total",
    "Label Net Unit Price": "label_net_unit_price",
    DATE_PAID: "date_paid",
    "Flag for mech obligation": "mech_obligation",
    "Flag for Radio_Performance Royalty Exclusion": "radio_performance_exclusion",
    "internal serial number": "serial_number",
    "Label": "label",
    INVOICE_DESCRIPTION: "invoice_description",
}

_SECRETLY = Store("secretly_distribution", "Secretly Distribution", "physical")


def _period(row: Row) -> str | None:
    sale_month = _SALE_MONTH.match(row.get(INVOICE_DESCRIPTION))
    if sale_month:
        return f"{sale_month.group(1)}-{sale_month.group(2)}"
    paid = row.date(DATE_PAID, _DATE)
    return paid and period_of(paid)


def _line(row: Row, digital: bool) -> StatementLine | None:
    period = _period(row)
    processed = row.date(DATE_PROCESSED, _DATE) if row.get(DATE_PROCESSED) else None
    store = row.store(DSP) if digital else _SECRETLY
    territory = row.territory(COUNTRY)
    units = row.integer(QUANTITY if digital else SIGNED_QUANTITY)
    gross = row.decimal(LABEL_NET_TOTAL)
    isrc = row.isrc(PRODUCT_ID) if digital else None
    if row.issues:
        return None
    return statement_line(
        row.line, store, usage_type=usage_type(store, row.get(TRANSACTION_TYPE)) if digital else "physical",
        right_type="master", territory=territory, period=period, reported_on=processed, units=units, gross=gross,
        currency=CURRENCY, isrc=isrc, upc=row.get(UPC) or None,
        title=row.get(PRODUCT_TITLE) or row.get(TITLE_DESCRIPTION), artist=row.get(ARTIST),
        extra=row.extra(_EXTRA_COLUMNS),
    )  # fmt: skip


def sniff_secretly_digital(path: str | os.PathLike) -> bool:
    """True if the file's first line is a Secretly digital statement header. Raises OSError if unreadable."""
    return sniff_table(path, ",", DIGITAL_COLUMNS)


def sniff_secretly_physical(path: str | os.PathLike) -> bool:
    """True if the file's first line is a Secretly physical statement header. Raises OSError if unreadable."""
    return sniff_table(path, ",", PHYSICAL_COLUMNS)


def parse_secretly_digital(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """Stream a Secretly Distribution digital statement as StatementLines and ParseIssues, in file order.

    ``source`` is the DSP ('Tidal' → tidal), ``usage_type`` from ``Transaction Type``,
    ``isrc`` the ``Product ID`` (empty on release rows), ``title`` the track's ``Product
    Title``, ``right_type`` 'master'. Raises FormatError on the first iteration if a
    required column is missing; OSError if the file cannot be read.
    """
    return parse_table(path, "Secretly digital", ",", DIGITAL_COLUMNS, functools.partial(_line, digital=True))


def parse_secretly_physical(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """Stream a Secretly Distribution physical statement as StatementLines and ParseIssues, in file order.

    ``source`` secretly_distribution, ``usage_type`` 'physical', ``units`` the
    ``signedQuantity`` (negative for returns), ``title`` ``Product Title`` or else
    ``Title_Description``, ``right_type`` 'master'. Raises FormatError on the first
    iteration if a required column is missing; OSError if the file cannot be read.
    """
    return parse_table(path, "Secretly physical", ",", PHYSICAL_COLUMNS, functools.partial(_line, digital=False))
