"""The pure parts of remittances: the summary math (gross → fee → net → withholding → payable →
FX) and the statement rendered from given line items (CSV, and PDF read back with pypdf)."""
from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from pypdf import PdfReader

from app.money import format_amount
from app.services.remittance_statement import render
from app.services.remittances import summarize

ITEMS = [
    {"lineItemId": "CYC-000001:1", "agreementId": "RCA-000001", "workId": "WRK-000001", "recordingId": "REC-000001",
     "iswc": "T0345246801", "isrc": "USRC17607839", "title": "Blue Moon Rising", "usageCount": 3,
     "durationSeconds": 630, "grossMicro": 4_500_000, "feeMicro": 675_000, "netMicro": 3_825_000,
     "adminFeePercent": "15", "currency": "GHS"},
    {"lineItemId": "CYC-000001:2", "agreementId": "RCA-000001", "workId": "WRK-000002", "recordingId": None,
     "iswc": "T0000000011", "isrc": None, "title": "Café Señor", "usageCount": 1, "durationSeconds": 185,
     "grossMicro": 1_000_001, "feeMicro": 150_000, "netMicro": 850_001, "adminFeePercent": "15",
     "currency": "GHS"},
]


def test_summary_sums_line_items_and_rounds_withholding_half_even():
    s = summarize(ITEMS, Decimal("10"))
    assert (s["grossMicro"], s["feeMicro"], s["netMicro"]) == (5_500_001, 825_000, 4_675_001)
    # 10 % of 4_675_001 = 467_500.1 → 467_500
    assert (s["withholdingMicro"], s["payableMicro"]) == (467_500, 4_207_501)
    assert (s["lineItems"], s["usageCount"], s["durationSeconds"], s["remittedMicro"]) == (2, 4, 815, None)


def test_withholding_ties_round_to_even_and_fx_converts_the_payable_exactly():
    one = [{"usageCount": 1, "grossMicro": 25, "feeMicro": 0, "netMicro": 25}]
    assert summarize(one, Decimal("10"))["withholdingMicro"] == 2      # 2.5 → 2
    three = [{"usageCount": 1, "grossMicro": 35, "feeMicro": 0, "netMicro": 35}]
    assert summarize(three, Decimal("10"))["withholdingMicro"] == 4    # 3.5 → 4
    s = summarize(ITEMS, Decimal("0"), Decimal("0.0851"))
    # 4.675001 GHS × 0.0851 = 0.3978425851 USD → 397_843 micro (half-even at the micro-unit)
    assert (s["withholdingMicro"], s["payableMicro"], s["remittedMicro"]) == (0, 4_675_001, 397_843)


def _remittance(**over) -> dict:
    s = summarize(ITEMS, Decimal("10"), Decimal("0.0851"))
    return {"remittanceId": "RMT-000001", "cycleId": "CYC-000001", "period": "2025-Q1", "territory": "GH",
            "periodStart": dt.date(2025, 1, 1), "periodEnd": dt.date(2025, 4, 1), "partnerCode": "ASCAP",
            "partnerId": "PART-000009", "partnerName": "ASCAP", "currency": "GHS",
            "withholdingTaxPercent": Decimal("10"), "status": "Pending", "reference": None,
            "fx": {"from": "GHS", "to": "USD", "rate": "0.0851", "source": "ECB", "date": "2025-04-02"},
            "remittedCurrency": "USD",
            **{k[:-5]: format_amount(s[k]) for k in ("grossMicro", "feeMicro", "netMicro", "withholdingMicro",
                                                      "payableMicro", "remittedMicro")}, **over}


def test_csv_statement_has_header_rows_and_exact_totals():
    data, filename, mimetype = render(_remittance(), ITEMS, "csv")
    assert (filename, mimetype) == ("remittance-RMT-000001-ASCAP-2025-Q1.csv", "text/csv")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    head = dict(r for r in rows[:11])
    assert head["Partner"] == "ASCAP (ASCAP, PART-000009)"
    assert head["Period"] == "2025-Q1: 2025-01-01 to 2025-04-01 (end exclusive)"
    assert (head["Agreement"], head["Admin fee %"], head["Withholding tax %"]) == ("RCA-000001", "15", "10")
    assert head["FX"] == "1 GHS = 0.0851 USD (ECB, 2025-04-02)"
    table = rows[rows.index(["lineItemId", "title", "iswc", "isrc", "workId", "recordingId", "usageCount",
                             "durationSeconds", "gross", "fee", "net"]) + 1:]
    assert table[0][:4] == ["CYC-000001:1", "Blue Moon Rising", "T0345246801", "USRC17607839"]
    assert table[0][6:] == ["3", "630", "4.5", "0.675", "3.825"]
    assert table[1][1] == "Café Señor" and table[1][5] == ""
    assert table[2] == ["TOTAL", "", "", "", "", "", "4", "815", "5.500001", "0.825", "4.675001"]
    totals = {r[0]: (r[1], r[2]) for r in table[4:]}
    assert totals["Withholding tax (10 %)"] == ("0.4675", "GHS")
    assert totals["Net payable"] == ("4.207501", "GHS")
    assert totals["Remitted in USD"] == ("0.358058", "USD")  # 4.207501 × 0.0851 = 0.35805833…


def test_pdf_statement_shows_the_line_items_and_totals():
    data, filename, mimetype = render(_remittance(status="Sent", reference="WIRE-77"), ITEMS, "pdf")
    assert (filename, mimetype) == ("remittance-RMT-000001-ASCAP-2025-Q1.pdf", "application/pdf")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    for needle in ("Remittance statement ASCAP 2025-Q1", "Blue Moon Rising", "Café Señor", "T0345246801",
                   "0:10:30", "5.500001", "4.675001", "0.4675 GHS", "4.207501 GHS", "0.358058 USD",
                   "Sent (reference WIRE-77)", "1 GHS = 0.0851 USD"):
        assert needle in text, needle
