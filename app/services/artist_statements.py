"""Artist statements (issue 5 item 8): what happened to a participant's money in one calendar
month, tied out to the ledger, as JSON, CSV or PDF (``artist_statement_pdf``).

The month is of posting dates (UTC): a statement covers the journal entries posted in
``[first day, first day of next month)``. The participant's balance is wallet + frozen +
pending payout (the ledger contract); its advance receivable is shown beside it (what is still
owed on advances), not in it.

* opening / closing balance: each account's cached balance less its postings since the month's
  start / end;
* income: what the month's entries credited to the participant (``EntryIncomeRollup``: whatever
  account it went to), by source and by track; ``recouped`` the part of it that went to the
  advance receivable (so ``recoupment`` = −recouped);
* movements: the postings on the balance accounts per entry kind (royalty_allocation,
  advance_grant, payout_paid, dispute_freeze…; moves between its own accounts net to zero);
  ``payouts`` = the payout_paid movement, ``frozenHolds`` = the change of the frozen balance;
* tie-out: opening + Σ movements = closing (by the ledger), and the income of the rollups net of
  recoupment = the balance movements of the entries that wrote them (every writer of income —
  allocation, reallocation, dispute release / resolution — adds rollups for its entry, so the
  rollups agree with the ledger).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import defaultdict

from app.money import format_amount
from app.services.catalog import ParticipantNotFound
from app.services.db import read, run, settings

BALANCE_KINDS = ("wallet", "frozen", "pending_payout")  # the participant's balance (ledger docstring)
FIGURE_OF = {"wallet": "available", "frozen": "frozen", "pending_payout": "pending"}
PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def month_bounds(period: str) -> tuple[dt.datetime, dt.datetime]:
    """``[start, end)`` UTC datetimes of a ``YYYY-MM`` month. Raises ValueError otherwise."""
    if not PERIOD.match(period or ""):
        raise ValueError(f"period must be YYYY-MM, not {period!r}")
    year, month = int(period[:4]), int(period[5:])
    start = dt.datetime(year, month, 1, tzinfo=dt.timezone.utc)
    end = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=dt.timezone.utc)
    return start, end


def statement(participant_id: str, period: str) -> dict:
    """``{participantId, name, period, currency, from, to (dates, ``to`` exclusive),
    openingBalance, closingBalance, balances {opening, closing: {available, frozen, pending,
    balance, advanceOutstanding}}, income {total, recouped, net, bySource [{source, label,
    amount}], byTrack [{recordingId, title, isrc, amount}]}, recoupment, frozenHolds, payouts,
    movements [{kind, amount}], tieOut {openingPlusMovements, closingBalance, balanced,
    incomeFromRollups, incomeFromLedger, incomeTiesOut}}`` (amounts Decimal). Raises ValueError
    (bad period), ParticipantNotFound."""
    start, end = month_bounds(period)
    currency = settings().wallet_currency

    def work(tx):
        rows = run(tx, "money/participant_name", participantId=participant_id)
        if not rows:
            raise ParticipantNotFound(participant_id)
        accounts = run(tx, "money/statement_postings", participantId=participant_id, currency=currency,
                       **{"from": start, "to": end})
        entry_ids = sorted({m["entryId"] for a in accounts for m in a["moves"]})
        income = run(tx, "money/entry_income", participantId=participant_id, entryIds=entry_ids) if entry_ids else []
        return rows[0]["name"], accounts, income

    name, accounts, income = read(work)
    opening, closing = defaultdict(int), defaultdict(int)
    movements, income_entry_moves = defaultdict(int), 0
    earning = {r["entryId"] for r in income}  # the entries that credited income (they wrote rollups)
    for a in accounts:
        opening[a["kind"]] += a["balance"] - a["sinceFrom"]
        closing[a["kind"]] += a["balance"] - a["sinceTo"]
        if a["kind"] in BALANCE_KINDS:
            for m in a["moves"]:
                movements[m["kind"]] += m["amount"]
                income_entry_moves += m["amount"] if m["entryId"] in earning else 0
    sources = [r for r in income if r["by"] == "source"]  # each breakdown covers all the income
    gross, recouped = sum(r["amount"] for r in sources), sum(r["recouped"] for r in sources)
    by_source, labels, by_track = defaultdict(int), {}, {}
    for r in sources:
        by_source[r["source"]] += r["amount"]
        labels[r["source"]] = r["sourceLabel"]
    for r in income:
        if r["by"] == "recording":
            track = by_track.setdefault(r["recordingId"], {"recordingId": r["recordingId"], "title": r["title"],
                                                           "isrc": r["isrc"], "amount": 0})
            track["amount"] += r["amount"]
    open_total = sum(opening[k] for k in BALANCE_KINDS)
    close_total = sum(closing[k] for k in BALANCE_KINDS)
    moved = sum(movements.values())
    return {
        "participantId": participant_id, "name": name, "period": period, "currency": currency,
        "from": start.date(), "to": end.date(),
        "openingBalance": format_amount(open_total), "closingBalance": format_amount(close_total),
        "balances": {"opening": _figures(opening), "closing": _figures(closing)},
        "income": {"total": format_amount(gross), "recouped": format_amount(recouped),
                   "net": format_amount(gross - recouped),
                   "bySource": [{"source": s, "label": labels[s], "amount": format_amount(a)}
                                for s, a in sorted(by_source.items(), key=lambda kv: (-kv[1], kv[0]))],
                   "byTrack": [{**t, "amount": format_amount(t["amount"])}
                               for t in sorted(by_track.values(), key=lambda t: (-t["amount"], t["recordingId"] or ""))]},
        "recoupment": format_amount(-recouped),
        "frozenHolds": format_amount(closing["frozen"] - opening["frozen"]),
        "payouts": format_amount(movements.get("payout_paid", 0)),
        "movements": [{"kind": k, "amount": format_amount(v)} for k, v in sorted(movements.items())],
        "tieOut": {"openingPlusMovements": format_amount(open_total + moved), "closingBalance": format_amount(close_total),
                   "balanced": open_total + moved == close_total,
                   "incomeFromRollups": format_amount(gross - recouped),
                   "incomeFromLedger": format_amount(income_entry_moves),
                   "incomeTiesOut": gross - recouped == income_entry_moves},
    }


def _figures(by_kind: dict[str, int]) -> dict:
    figures = {FIGURE_OF[k]: format_amount(by_kind.get(k, 0)) for k in BALANCE_KINDS}
    return {**figures, "balance": format_amount(sum(by_kind.get(k, 0) for k in BALANCE_KINDS)),
            "advanceOutstanding": format_amount(-by_kind.get("advance_receivable", 0))}


def to_csv(st: dict) -> str:
    """The statement as CSV: ``section,key,label,amount,currency`` rows — summary (opening,
    income, recoupment, payouts, frozen holds, closing), income by source, income by track,
    movements by entry kind, balances. Amounts are exact decimals."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    cur = st["currency"]
    w.writerow(["section", "key", "label", "amount", "currency"])
    w.writerow(["statement", st["participantId"], f"{st['name']} {st['period']} ({st['from']} to {st['to']}, end exclusive)",
                "", cur])
    for key, label, amount in (("opening_balance", "Opening balance", st["openingBalance"]),
                               ("income", "Income", st["income"]["total"]),
                               ("recoupment", "Recouped by advances", st["recoupment"]),
                               ("payouts", "Payouts paid", st["payouts"]),
                               ("frozen_holds", "Change in frozen holds (in the balance)", st["frozenHolds"]),
                               ("closing_balance", "Closing balance", st["closingBalance"])):
        w.writerow(["summary", key, label, amount, cur])
    for s in st["income"]["bySource"]:
        w.writerow(["income_by_source", s["source"], s["label"], s["amount"], cur])
    for t in st["income"]["byTrack"]:
        w.writerow(["income_by_track", t["recordingId"] or "", t["title"] or "(no recording)", t["amount"], cur])
    for m in st["movements"]:
        w.writerow(["movement", m["kind"], m["kind"].replace("_", " "), m["amount"], cur])
    for when in ("opening", "closing"):
        for key, amount in st["balances"][when].items():
            w.writerow([f"balance_{when}", key, key, amount, cur])
    return out.getvalue()
