"""The findings behind Money Hub alerts, one detector per alert type (``app.services.alerts``
stores them). Each returns ``Finding`` rows with a deterministic key, so running a detector
again refreshes the same alert instead of adding one.

* ``missing_money`` — money of a participant's catalog waiting in suspense: the lines of
  statements with an open missing-money data-quality issue that match one of its works or
  recordings *now* (``line_matching.match_lines``: exact ids, or fuzzy title + artist, automatic
  or review band — the catalog may have grown since the statement was processed). One per
  participant × statement × asset.
* ``fraud_risk`` — a track's usage spiking: in the latest month a statement reports, the units of
  a recording (all statements and sources together) reach ``FRAUD_MULTIPLE`` × the median of the
  months with usage among the ``FRAUD_TRAILING_MONTHS`` before it, with at least
  ``FRAUD_MIN_HISTORY`` such months and at least ``FRAUD_MIN_UNITS`` units (so a small catalog's
  noise is not flagged). The pattern of artificial streaming that DSPs claw back. One per
  participant × recording × month.
* ``data_integrity`` — an open split finding of the validator (gap, overlap — an ownership
  conflict — or the publisher share rule) about an asset the participant holds a slice of. One
  per participant × data-quality issue.
* ``registration_gap`` — a work or recording of the participant that is ``not_registered`` with
  a society it should be (``registrations.statuses``). One per participant × asset.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from neo4j import ManagedTransaction

from app.money import format_amount
from app.services import registrations, validation
from app.services.db import run
from app.services.line_matching import LineIds, match_lines

FRAUD_TRAILING_MONTHS = 6
FRAUD_MULTIPLE = 5
FRAUD_MIN_HISTORY = 3
FRAUD_MIN_UNITS = 1000
EVENT_PAGE = 5000  # unmatched lines matched per transaction read


@dataclass(frozen=True)
class Finding:
    """One alert-worthy finding for one participant: ``type`` (an alert type), ``key``
    (deterministic), ``entity_id`` (the statement, asset or issue it is about), a short
    ``title``, a ``message`` and JSON-able ``evidence``."""

    type: str
    key: str
    participant_id: str
    entity_id: str | None
    title: str
    message: str
    evidence: dict = field(default_factory=dict)


def _parties(tx: ManagedTransaction, asset_ids: list[str], today: dt.date) -> dict[str, tuple[str, list[str]]]:
    """``{assetId: (title, [participantId])}``: owners in force on ``today`` and performers."""
    out: dict[str, tuple[str, list[str]]] = {}
    for r in run(tx, "alerts/asset_parties", assetIds=asset_ids, asOf=today) if asset_ids else []:
        out.setdefault(r["assetId"], (r["title"], []))[1].append(r["participantId"])
    return out


def missing_money(tx: ManagedTransaction, statement_ids: list[str] | None, today: dt.date,
                  currency: str) -> list[Finding]:
    """``missing_money`` findings for the statements with an open missing-money issue (all, or
    those of ``statement_ids``)."""
    findings = []
    for statement in run(tx, "alerts/missing_money_statements", statementIds=statement_ids):
        sid = statement["statementId"]
        lines: dict[str, list[tuple[dict, float | None, str]]] = defaultdict(list)  # asset → (event, conf, method)
        after = ""
        while page := run(tx, "alerts/unmatched_events", statementId=sid, after=after, limit=EVENT_PAGE):
            after = page[-1]["eventId"]
            matches = match_lines(tx, [LineIds.of_event(e) for e in page])
            for e in page:
                m = matches[e["eventId"]]
                asset = m.asset_id or m.candidate_id
                if asset:
                    lines[asset].append((e, m.confidence, m.method))
        parties = _parties(tx, sorted(lines), today)
        for asset, found in sorted(lines.items()):
            title, pids = parties.get(asset, (None, []))
            micro = sum(e["grossMicro"] for e, _, _ in found)
            best = max((c for _, c, _ in found if c is not None), default=None)
            evidence = {"statementId": sid, "issueId": statement["issueId"], "assetId": asset, "title": title,
                        "lines": sorted(e["line"] for e, _, _ in found)[:50], "lineCount": len(found),
                        "amount": format_amount(micro), "currency": currency,
                        "bestConfidence": best, "methods": sorted({m for _, _, m in found})}
            message = (f"{len(found)} line(s) of statement {sid} waiting in suspense "
                       f"({format_amount(micro)} {currency}) look like your {title or asset}"
                       + (f" (best match {round(best * 100)} %)" if best is not None else ""))
            findings += [Finding("missing_money", f"missing_money|{pid}|{sid}|{asset}", pid, asset,
                                 f"Money in suspense for {title or asset}", message, evidence) for pid in pids]
    return findings


def _twice_median(values: list[int]) -> int:
    """Twice the median of ``values`` (an integer, exact: no float)."""
    ordered = sorted(values)
    mid = len(ordered) // 2
    return 2 * ordered[mid] if len(ordered) % 2 else ordered[mid - 1] + ordered[mid]


def _month(period: str, offset: int) -> str:
    year, month = divmod(int(period[:4]) * 12 + int(period[5:7]) - 1 + offset, 12)
    return f"{year:04d}-{month + 1:02d}"


def fraud_risk(tx: ManagedTransaction, statement_ids: list[str], today: dt.date) -> list[Finding]:
    """``fraud_risk`` findings for the recordings the statements report usage of, each in the
    latest month a statement reports for it (rule: module docstring)."""
    latest: dict[str, str] = {}
    for sid in statement_ids:
        for r in run(tx, "alerts/statement_usage", statementId=sid):
            latest[r["recordingId"]] = max(latest.get(r["recordingId"], ""), r["period"])
    if not latest:
        return []
    first = _month(min(latest.values()), -FRAUD_TRAILING_MONTHS)
    units: dict[str, dict[str, int]] = defaultdict(dict)
    for r in run(tx, "alerts/recording_units", recordingIds=sorted(latest), **{"from": first, "to": max(latest.values())}):
        units[r["recordingId"]][r["period"]] = r["units"]
    spikes = []
    for rid, period in sorted(latest.items()):
        current = units[rid].get(period, 0)
        history = [u for p, u in units[rid].items()
                   if _month(period, -FRAUD_TRAILING_MONTHS) <= p < period and u > 0]
        if len(history) < FRAUD_MIN_HISTORY or current < FRAUD_MIN_UNITS:
            continue
        twice = _twice_median(history)
        if 2 * current >= FRAUD_MULTIPLE * twice:
            spikes.append((rid, period, current, Fraction(twice, 2)))
    parties = _parties(tx, sorted({s[0] for s in spikes}), today)
    findings = []
    for rid, period, current, median in spikes:
        title, pids = parties.get(rid, (None, []))
        ratio = Fraction(current) / median
        evidence = {"recordingId": rid, "title": title, "period": period, "units": current,
                    "trailingMedian": format_amount(round(median * 1_000_000)),
                    "trailingMonths": FRAUD_TRAILING_MONTHS, "ratio": format_amount(round(ratio * 10) * 100_000),
                    "rule": f"units >= {FRAUD_MULTIPLE} x trailing median, >= {FRAUD_MIN_UNITS} units"}
        message = (f"{title or rid} had {current:,} units in {period}, {evidence['ratio']}x the median of its "
                   f"previous months ({evidence['trailingMedian']}): a spike like this is often artificial "
                   f"streaming, which stores claw back")
        findings += [Finding("fraud_risk", f"fraud_risk|{pid}|{rid}|{period}", pid, rid,
                             f"Unusual streaming spike on {title or rid}", message, evidence) for pid in pids]
    return findings


def data_integrity(tx: ManagedTransaction, participant_ids: list[str], today: dt.date) -> list[Finding]:
    """``data_integrity`` findings of the participants (open validator issues on their assets)."""
    rows = run(tx, "alerts/integrity_issues", participantIds=participant_ids, asOf=today, kinds=list(validation.KINDS))
    labels = {validation.GAP: "Split does not add up", validation.OVERLAP: "Ownership conflict",
              validation.PUBLISHER: "Publisher share above 50 %"}
    return [Finding("data_integrity", f"data_integrity|{r['participantId']}|{r['issueId']}", r["participantId"],
                    r["assetId"], f"{labels[r['kind']]}: {r['title'] or r['assetId']}", r["message"],
                    {"issueId": r["issueId"], "kind": r["kind"], "assetId": r["assetId"], "title": r["title"]})
            for r in rows]


def registration_gap(tx: ManagedTransaction, participant_ids: list[str], today: dt.date) -> list[Finding]:
    """``registration_gap`` findings of the participants (assets not registered where they
    should be)."""
    findings = []
    for pid in participant_ids:
        gaps: dict[str, list[dict]] = defaultdict(list)
        for row in registrations.statuses(tx, pid, today):
            if row["status"] == "not_registered":
                gaps[row["assetId"]].append(row)
        for asset, rows in sorted(gaps.items()):
            societies = sorted(r["societyCode"] for r in rows)
            title = rows[0]["title"] or asset
            findings.append(Finding(
                "registration_gap", f"registration_gap|{pid}|{asset}", pid, asset, f"{title} is not registered",
                f"{rows[0]['assetKind'].capitalize()} {title} is not registered with {', '.join(societies)}: "
                f"royalties they collect for it cannot reach you",
                {"assetId": asset, "assetKind": rows[0]["assetKind"], "title": rows[0]["title"],
                 "code": rows[0]["code"], "societies": societies,
                 "rejected": sorted(r["societyCode"] for r in rows if r["rejected"])}))
    return findings
