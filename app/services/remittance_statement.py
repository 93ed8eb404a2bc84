"""A remittance statement (what we pay a partner society for one royalty cycle) as CSV or PDF.

Pure rendering of a remittance (``remittances.get_remittance``) and its line items
(``reciprocal/remittances_line_items`` rows): a header block (partner, cycle, period,
territory, currency, agreements, admin fee %, withholding %, FX), one row per line item (work
title, ISWC, ISRC, usage count, duration, gross, fee, net) and the totals down to the amount
remitted. Amounts are exact decimals (``app.money.format_amount``); the PDF uses the house
statement layout of ``artist_statement_pdf``.
"""
from __future__ import annotations

import csv
import io

from app.money import format_amount
from app.services.artist_statement_pdf import LINE, StatementDoc, latin1

MIMETYPES = {"csv": "text/csv", "pdf": "application/pdf"}
COLUMNS = ("lineItemId", "title", "iswc", "isrc", "workId", "recordingId", "usageCount", "durationSeconds",
           "gross", "fee", "net")
# PDF table: column title, width (mm; the A4 text width is 190), line item key.
_PDF_COLUMNS = (("Work", 50, "title"), ("ISWC", 25, "iswc"), ("ISRC", 27, "isrc"), ("Plays", 14, "usageCount"),
                ("Duration", 17, "duration"), ("Gross", 19, "gross"), ("Fee", 19, "fee"), ("Net", 19, "net"))


def render(rem: dict, items: list[dict], fmt: str) -> tuple[bytes, str, str]:
    """``(bytes, filename, mimetype)`` of the statement of ``rem`` with its line ``items`` in
    ``fmt`` ('csv' or 'pdf'; KeyError for another)."""
    mimetype = MIMETYPES[fmt]
    filename = f"remittance-{rem['remittanceId']}-{rem['partnerCode']}-{rem['period']}.{fmt}"
    data = to_csv(rem, items).encode("utf-8") if fmt == "csv" else to_pdf(rem, items)
    return data, filename, mimetype


def header(rem: dict, items: list[dict]) -> list[tuple[str, str]]:
    """The statement's header block as (label, value) pairs."""
    agreements = sorted({i["agreementId"] for i in items if i.get("agreementId")})
    fees = sorted({i["adminFeePercent"] for i in items if i.get("adminFeePercent") is not None})
    fx = rem.get("fx")
    return [
        ("Remittance", rem["remittanceId"]),
        ("Partner", f"{rem['partnerName'] or rem['partnerCode']} ({rem['partnerCode']}, {rem['partnerId']})"),
        ("Cycle", rem["cycleId"]),
        ("Period", f"{rem['period']}: {rem['periodStart']} to {rem['periodEnd']} (end exclusive)"),
        ("Territory", rem["territory"] or ""),
        ("Currency", rem["currency"]),
        ("Agreement", ", ".join(agreements)),
        ("Admin fee %", ", ".join(fees)),
        ("Withholding tax %", f"{rem['withholdingTaxPercent']:f}"),
        ("FX", f"1 {fx['from']} = {fx['rate']} {fx['to']} ({fx['source']}, {fx['date']})" if fx else "none"),
        ("Status", rem["status"] + (f" (reference {rem['reference']})" if rem.get("reference") else "")),
    ]


def totals(rem: dict) -> list[tuple[str, object, str]]:
    """The totals below the line items as (label, amount, currency): gross, fee, net,
    withholding tax, net payable, and the amount remitted in the partner's currency."""
    cur = rem["currency"]
    out = [("Gross", rem["gross"], cur), ("Admin fee", rem["fee"], cur), ("Net", rem["net"], cur),
           (f"Withholding tax ({rem['withholdingTaxPercent']:f} %)", rem["withholding"], cur),
           ("Net payable", rem["payable"], cur)]
    if rem.get("remittedCurrency"):
        out.append((f"Remitted in {rem['remittedCurrency']}", rem["remitted"], rem["remittedCurrency"]))
    return out


def _duration(seconds: int) -> str:
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _cells(item: dict) -> dict:
    seconds = item.get("durationSeconds") or 0
    return {**item, "gross": format_amount(item["grossMicro"]), "fee": format_amount(item["feeMicro"]),
            "net": format_amount(item["netMicro"]), "durationSeconds": seconds, "duration": _duration(seconds)}


def to_csv(rem: dict, items: list[dict]) -> str:
    """The statement as CSV: the header block (``label,value`` rows), a blank row, the line
    items under a ``COLUMNS`` header row, a ``TOTAL`` row, then the totals (``label,amount,
    currency``)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerows(header(rem, items))
    w.writerow([])
    w.writerow(COLUMNS)
    for item in map(_cells, items):
        w.writerow([item.get(c) if item.get(c) is not None else "" for c in COLUMNS])
    w.writerow(["TOTAL", "", "", "", "", "", sum(i["usageCount"] for i in items),
                sum(i.get("durationSeconds") or 0 for i in items), rem["gross"], rem["fee"], rem["net"]])
    w.writerow([])
    w.writerows(totals(rem))
    return out.getvalue()


def to_pdf(rem: dict, items: list[dict]) -> bytes:
    """The statement as PDF bytes (A4, fpdf2)."""
    doc = StatementDoc(f"Remittance {rem['remittanceId']} - {rem['partnerCode']} {rem['period']}")
    doc.add_page()
    doc.set_font("Helvetica", "B", 14)
    doc.cell(0, 9, latin1(f"Remittance statement {rem['partnerCode']} {rem['period']}"),
             new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", size=9)
    for label, value in header(rem, items):
        doc.cell(40, LINE, latin1(label))
        doc.cell(0, LINE, latin1(value), new_x="LMARGIN", new_y="NEXT")

    doc.heading(f"Line items ({len(items)})")
    doc.set_font("Helvetica", size=8)
    widths = tuple(w for _, w, _ in _PDF_COLUMNS)
    align = ("LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT")
    with doc.table(col_widths=widths, text_align=align, line_height=LINE - 1, first_row_as_headings=True) as table:
        table.row([t for t, _, _ in _PDF_COLUMNS])
        for item in map(_cells, items):
            table.row([latin1(item.get(key) if item.get(key) is not None else "") for _, _, key in _PDF_COLUMNS])
        table.row(["Total", "", "", str(sum(i["usageCount"] for i in items)),
                   _duration(sum(i.get("durationSeconds") or 0 for i in items)),
                   str(rem["gross"]), str(rem["fee"]), str(rem["net"])])

    doc.heading("Totals")
    for label, amount, cur in totals(rem):
        doc.row(label, amount, cur, bold=label == "Net payable")
    return bytes(doc.output())
