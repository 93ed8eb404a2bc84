"""The per-station compliance report (issue 6 item 8): for a period, each station's plays,
how they were attributed, what was charged and what was not (and why), next to its licence
and balance — as rows, and as CSV for the regulator's or the finance team's spreadsheet."""
from __future__ import annotations

import csv
import datetime as dt
import io

from app.money import format_amount
from app.services.db import read, run

COLUMNS = ("stationId", "name", "stationClass", "country", "licenceStatus", "licenceValidTo", "currency", "plays",
           "matched", "review", "unmatched", "charged", "chargedAmount", "insufficientFunds", "noTariff",
           "notChargeable", "balance")


def report(since: dt.datetime, until: dt.datetime, station_id: str | None = None) -> list[dict]:
    """One row per station (``COLUMNS``; amounts as Decimal) for plays in [since, until)."""
    rows = read(lambda tx: run(tx, "broadcast/compliance", since=since, until=until, stationId=station_id))
    return [r | {"chargedAmount": format_amount(r["chargedMicro"]), "balance": format_amount(r["balance"])}
            for r in rows]


def report_csv(since: dt.datetime, until: dt.datetime, station_id: str | None = None) -> str:
    """``report`` as CSV text with a header row (dates ISO, amounts as exact decimals)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in report(since, until, station_id):
        writer.writerow({k: "" if row[k] is None else row[k] for k in COLUMNS})
    return out.getvalue()
