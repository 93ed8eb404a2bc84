"""An artist statement (``artist_statements.statement``) rendered as a PDF with fpdf2.

One A4 page or more: header (participant, period, currency), the summary from opening to
closing balance, income by source and by track, movements by entry kind, balances, and the
tie-out line. The built-in Helvetica font covers Latin-1 only, so text is folded to it
(accents kept where Latin-1 has them; other characters become their closest ASCII or '?').
"""
from __future__ import annotations

import unicodedata

from fpdf import FPDF

AMOUNT_WIDTH = 40
LINE = 6


def latin1(text: object) -> str:
    """``text`` as Latin-1 for the core font: Latin-1 characters kept, others decomposed to their
    base letter when there is one, else '?'."""
    out = []
    for ch in str(text):
        if ord(ch) < 256:
            out.append(ch)
            continue
        base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)


class StatementDoc(FPDF):
    """The house statement layout (artist and remittance statements): A4, ``title`` and page
    number in the footer, ``heading``s and ``row``s of a label and an amount with its currency."""

    def __init__(self, title: str):
        super().__init__(format="A4")
        self.title_text = title
        self.set_auto_page_break(auto=True, margin=15)
        self.set_title(title)

    def footer(self):
        """The title and page number at the foot of every page (fpdf2 calls it)."""
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, latin1(f"{self.title_text} - page {self.page_no()}"), align="C")

    def heading(self, text: str):
        """A bold section heading."""
        self.ln(3)
        self.set_font("Helvetica", "B", 11)
        self.cell(0, LINE + 1, latin1(text), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", size=9)

    def row(self, label: str, amount: object, currency: str, bold: bool = False):
        """One line: ``label`` left, ``amount currency`` right-aligned."""
        self.set_font("Helvetica", "B" if bold else "", 9)
        self.cell(self.epw - AMOUNT_WIDTH, LINE, latin1(label))
        self.cell(AMOUNT_WIDTH, LINE, latin1(f"{amount} {currency}"), align="R", new_x="LMARGIN", new_y="NEXT")


def render(st: dict) -> bytes:
    """The PDF bytes of statement ``st``."""
    cur = st["currency"]
    doc = StatementDoc(f"Statement {st['period']} - {st['name']} ({st['participantId']})")
    doc.add_page()
    doc.set_font("Helvetica", "B", 14)
    doc.cell(0, 9, latin1(f"Royalty statement {st['period']}"), new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", size=10)
    doc.cell(0, LINE, latin1(f"{st['name']} ({st['participantId']})"), new_x="LMARGIN", new_y="NEXT")
    doc.cell(0, LINE, latin1(f"Postings from {st['from']} to {st['to']} (exclusive), amounts in {cur}"),
             new_x="LMARGIN", new_y="NEXT")

    doc.heading("Summary")
    doc.row("Opening balance", st["openingBalance"], cur, bold=True)
    doc.row("Income", st["income"]["total"], cur)
    doc.row("Recouped by advances", st["recoupment"], cur)
    doc.row("Payouts paid", st["payouts"], cur)
    doc.row("Change in frozen holds (part of the balance)", st["frozenHolds"], cur)
    doc.row("Closing balance", st["closingBalance"], cur, bold=True)

    doc.heading("Income by source")
    for s in st["income"]["bySource"] or [{"label": "(none)", "amount": 0}]:
        doc.row(s["label"], s["amount"], cur)
    doc.heading("Income by track")
    for t in st["income"]["byTrack"] or [{"title": "(none)", "isrc": None, "amount": 0}]:
        doc.row(f"{t['title'] or '(no recording)'}" + (f" [{t['isrc']}]" if t.get("isrc") else ""), t["amount"], cur)
    doc.heading("Movements by kind")
    for m in st["movements"] or [{"kind": "(none)", "amount": 0}]:
        doc.row(m["kind"].replace("_", " "), m["amount"], cur)
    doc.heading("Balances")
    for when in ("opening", "closing"):
        for key, amount in st["balances"][when].items():
            doc.row(f"{when} {key}", amount, cur)

    tie = st["tieOut"]
    doc.heading("Tie-out")
    doc.set_font("Helvetica", size=9)
    doc.multi_cell(0, LINE, latin1(
        f"Opening balance + movements = {tie['openingPlusMovements']} {cur}; closing balance "
        f"{tie['closingBalance']} {cur}: {'balanced' if tie['balanced'] else 'NOT BALANCED'}. Income net of "
        f"recoupment {tie['incomeFromRollups']} {cur}; ledger {tie['incomeFromLedger']} {cur}: "
        f"{'ties out' if tie['incomeTiesOut'] else 'DOES NOT TIE OUT'}."))
    return bytes(doc.output())
