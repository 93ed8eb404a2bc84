"""The arithmetic of a royalty cycle close (issue 7 item 4; docs/international.md): periods,
the admin fee, and the grouping of charged plays into line items — pure, no database.

A charged play's ``allocation`` (app.services.play_routing) lists its parts; those routed
``via: 'reciprocal'`` belong to a partner society. A cycle groups them per (partner, work,
recording of the play, agreement) into a ``Line``: usage count, total duration, gross = Σ the
parts. The admin fee is taken per line item: ``fee = ROUND_HALF_EVEN(gross × fee% / 100)`` to the
micro-unit, ``net = gross − fee``; each play's share of the fee is the line's fee split over its
plays by largest remainder, weighted by their gross (app.money.split_largest_remainder), so the
per-play rows add up to the line item exactly.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from app.money import format_amount, split_largest_remainder

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:Q(?P<q>[1-4])|H(?P<h>[12])|(?P<m>0[1-9]|1[0-2])))?$")
RECIPROCAL = "reciprocal"


def period_bounds(label: str) -> tuple[dt.date, dt.date]:
    """[start, end) of a period label: ``2025`` (a year), ``2025-H2`` (a half), ``2025-Q1`` (a
    quarter), ``2025-03`` (a month), or ``2025-01-15..2025-04-15`` (explicit, end exclusive: the
    labels of app.services.reporting_periods). Raises ValueError for anything else."""
    if ".." in label:
        try:
            start, end = (dt.date.fromisoformat(part) for part in label.split(".."))
        except ValueError as exc:
            raise ValueError(f"{label!r} is not a period: YYYY-MM-DD..YYYY-MM-DD") from exc
        if end <= start:
            raise ValueError(f"{label!r}: the end (exclusive) must be after the start")
        return start, end
    found = _PERIOD.match(label)
    if not found:
        raise ValueError(f"{label!r} is not a period: YYYY, YYYY-Hn, YYYY-Qn, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD")
    year = int(found["year"])
    first, months = ((int(found["q"]) - 1) * 3 + 1, 3) if found["q"] else \
        ((int(found["h"]) - 1) * 6 + 1, 6) if found["h"] else (int(found["m"]), 1) if found["m"] else (1, 12)
    end_month = first + months
    end = dt.date(year + 1, 1, 1) if end_month > 12 else dt.date(year, end_month, 1)
    return dt.date(year, first, 1), end


def interval_label(start: dt.date, end: dt.date) -> str:
    """The label of [start, end): the year, half, quarter or month when the bounds are exactly
    one, else ``2025-01-15..2025-04-15``."""
    for label in (f"{start.year}", f"{start.year}-H{(start.month + 5) // 6}", f"{start.year}-Q{(start.month + 2) // 3}",
                  f"{start:%Y-%m}"):
        if period_bounds(label) == (start, end):
            return label
    return f"{start.isoformat()}..{end.isoformat()}"


def admin_fee(gross_micro: int, percent: Decimal) -> int:
    """The admin fee of a line item in micro-units: gross × percent / 100, rounded half to even
    to the micro-unit (the rule of issue 7 item 4)."""
    return int((Decimal(gross_micro) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def reciprocal_parts(allocation: str | None) -> list[dict]:
    """The parts of a play's allocation JSON routed to a partner (``via`` 'reciprocal')."""
    return [p for p in json.loads(allocation or "[]") if p.get("via") == RECIPROCAL]


@dataclass
class Line:
    """A line item being built: what a cycle owes ``partnerCode`` for ``workId`` (and the
    plays' ``recordingId``, None for plays matched to the work only) under ``agreementId``.
    ``plays`` [(playId, gross micro)], ``accounts`` Σ gross per pool account it came from."""

    partner_code: str
    partner_id: str | None
    work_id: str
    recording_id: str | None
    agreement_id: str | None
    plays: list[tuple[str, int]] = field(default_factory=list)
    duration: int = 0
    tariffs: Counter = field(default_factory=Counter)
    accounts: Counter = field(default_factory=Counter)

    @property
    def key(self) -> tuple:
        """(partner code, workId, recordingId or '', agreementId or ''): what makes a line item."""
        return self.partner_code, self.work_id, self.recording_id or "", self.agreement_id or ""

    @property
    def gross(self) -> int:
        """The line's gross: its plays' gross summed, micro-units."""
        return sum(g for _, g in self.plays)


class Grouper:
    """Adds plays one by one (a close streams them) and yields the line items in order."""

    def __init__(self) -> None:
        self.lines: dict[tuple, Line] = {}
        self.plays = 0

    def add(self, play: dict) -> None:
        """Add a charged play ``{playId, recordingId, durationSeconds, tariffId, allocation}``:
        one contribution per (partner, work, agreement) of its reciprocal parts."""
        mine: dict[tuple, Line] = {}
        for part in reciprocal_parts(play["allocation"]):
            key = (part["partnerCode"], part["assetId"], play["recordingId"] or "", part.get("agreementId") or "")
            line = self.lines.get(key)
            if line is None:
                line = self.lines[key] = Line(part["partnerCode"], part.get("partnerId"), part["assetId"],
                                              play["recordingId"], part.get("agreementId"))
            if key not in mine:
                mine[key] = line
                line.plays.append((play["playId"], 0))
                line.duration += play["durationSeconds"] or 0
                line.tariffs[play["tariffId"]] += 1
            play_id, gross = line.plays[-1]
            line.plays[-1] = (play_id, gross + part["amount"])
            line.accounts[part["accountId"]] += part["amount"]
        self.plays += bool(mine)

    def ordered(self) -> list[Line]:
        """The line items by partner, work, recording, agreement."""
        return [self.lines[k] for k in sorted(self.lines)]


def per_play(line: Line, fee_micro: int) -> list[dict]:
    """Each play's row of a line item: ``{playId, grossMicro, feeMicro, netMicro}``, the fee
    split by largest remainder over the plays' gross (equally when all are zero)."""
    weights = {pid: gross for pid, gross in line.plays}
    if not any(weights.values()):
        weights = {pid: 1 for pid in weights}
    fees = split_largest_remainder(fee_micro, weights)
    return [{"playId": pid, "grossMicro": gross, "feeMicro": fees[pid], "netMicro": gross - fees[pid]}
            for pid, gross in line.plays]


def notes(line: Line, gross: int, fee: int, percent: Decimal, source: str, currency: str,
          tariffs: dict[str, dict]) -> str:
    """How a line item was calculated, for people: plays and duration, the tariffs charged
    (``tariffs`` {tariffId: {basis, rateMicro}}), gross, the fee % and where it came from, net."""
    used = "; ".join(
        f"{tid} {tariffs.get(tid, {}).get('basis', '?')} "
        f"{format_amount(tariffs[tid]['rateMicro']) if tid in tariffs else '?'} {currency} × {n}"
        for tid, n in sorted(line.tariffs.items(), key=lambda t: str(t[0])))
    return (f"{len(line.plays)} play(s), {line.duration} s; tariffs: {used}; the partner's share of the charges "
            f"(reciprocal mandate{' ' + line.agreement_id if line.agreement_id else ''}): gross "
            f"{format_amount(gross)} {currency}; admin fee {percent} % ({source}) = {format_amount(fee)} {currency} "
            f"(rounded half to even to the micro-unit); net {format_amount(gross - fee)} {currency}")
