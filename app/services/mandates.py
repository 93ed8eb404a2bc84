"""Mandate precedence: who collects a work's right type in a country at a date (issue 3 item 6).

A local direct deal (COLLECTS basis ``direct`` or ``admin``) beats an active reciprocal mandate
(basis ``reciprocal``, held by a Society), which beats none (outcome ``suspense``, no collector).
Two different collectors at the winning level are a ``conflict``: no collector is chosen, and
the conflict is recorded as a DataQualityIssue (kind ``mandate_conflict``) whose key names the
work, the right type, the level and the collectors, so resolving again refreshes the same issue.
The precedence itself is ``cypher/rights/mandate_at.cypher``; mandates are written by
``app.services.collects``.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import islice

from app.services import quality
from app.services.db import read, run, write

CHUNK = 5_000  # items per mandate_at query: bounds the server's memory per query
MAX_BATCH = 10_000  # items per API call
_LEVELS = {1: "direct", 2: "reciprocal"}


class UnknownWorks(LookupError):
    """Some items name no Work; ``missing`` = ``{item index: workId}`` (API → 404 / 422)."""

    def __init__(self, missing: dict[int, str]):
        super().__init__("unknown work(s): " + ", ".join(sorted(set(missing.values()))))
        self.missing = missing


def _chunks(items: list, size: int):
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _mandate_out(m: dict) -> dict:
    """A mandate_at candidate → ``{collector: {id, kind, name, societyCode}, mandate: {basis,
    feePercent (Decimal|None), agreementId, via, forParticipantId, validFrom, validTo}}``."""
    fee = m["feePercent"]
    return {"collector": {"id": m["collectorId"], "kind": m["collectorKind"], "name": m["collectorName"],
                          "societyCode": m["societyCode"]},
            "mandate": {"basis": m["basis"], "feePercent": None if fee is None else Decimal(fee),
                        "agreementId": m["agreementId"], "via": m["via"], "forParticipantId": m["forParticipantId"],
                        "validFrom": m["validFrom"], "validTo": m["validTo"]}}


def _conflict(item: dict, mandates: list[dict]) -> quality.Finding:
    level = _LEVELS[mandates[0]["level"]]
    collectors = sorted({m["collectorId"] for m in mandates})
    return quality.Finding(
        kind="mandate_conflict",
        key=f"mandate_conflict|{item['workId']}|{item['rightType']}|{level}|{'+'.join(collectors)}",
        entity_id=item["workId"],
        message=f"{len(collectors)} collectors hold a {level} {item['rightType']} mandate on {item['workId']}: "
                + ", ".join(collectors),
        witness={"country": item["territory"], "date": item["date"], "level": level,
                 "mandates": [{k: m[k] for k in ("collectorId", "basis", "via", "forParticipantId", "agreementId",
                                                 "validFrom", "validTo")} for m in mandates]})


def resolve(items: list[dict]) -> list[dict]:
    """Who collects, for each ``{workId, territory (country code), date (datetime.date),
    rightType}``; results in the same order:
    ``{workId, territory, date, rightType, outcome ('direct' | 'reciprocal' | 'suspense' |
    'conflict'), collector ({id, kind, name, societyCode} | None), mandate ({basis, feePercent,
    agreementId, via ('work' | 'participant'), forParticipantId, validFrom, validTo} | None),
    conflicting ([{collector, mandate}], only for a conflict), issueId (the conflict's
    DataQualityIssue | None)}``.

    Identical items are resolved once. Reads in one transaction (``CHUNK`` distinct items per
    query); conflicts are then recorded in one write transaction. Raises UnknownWorks (nothing
    recorded) when an item names no Work."""
    usage_of = [(it["workId"], it["territory"], it["date"], it["rightType"]) for it in items]
    distinct: dict[tuple, int] = {}
    for usage in usage_of:
        distinct.setdefault(usage, len(distinct))
    params = [{"key": key, "workId": w, "country": t, "date": d, "rightType": r} for (w, t, d, r), key in distinct.items()]
    rows = read(lambda tx: [row for chunk in _chunks(params, CHUNK) for row in run(tx, "rights/mandate_at", items=chunk)])
    rows.sort(key=lambda r: r["key"])
    per_item = [rows[distinct[usage]] for usage in usage_of]
    missing = {i: item["workId"] for i, (item, row) in enumerate(zip(items, per_item)) if not row["workFound"]}
    if missing:
        raise UnknownWorks(missing)
    findings: dict[str, quality.Finding] = {}
    for item, row in zip(items, per_item):
        if row["outcome"] == "conflict":
            finding = _conflict(item, row["mandates"])
            findings.setdefault(finding.key, finding)  # the first witness of a repeated conflict
    recorded = write(lambda tx: quality.record(tx, list(findings.values()))) if findings else []
    issue_of = {r["key"]: r["issueId"] for r in recorded}
    return [_result(item, row, issue_of) for item, row in zip(items, per_item)]


def _result(item: dict, row: dict, issue_of: dict[str, str]) -> dict:
    out = [_mandate_out(m) for m in row["mandates"]]
    conflict = row["outcome"] == "conflict"
    return {"workId": item["workId"], "territory": item["territory"], "date": item["date"],
            "rightType": item["rightType"], "outcome": row["outcome"],
            "collector": out[0]["collector"] if out and not conflict else None,
            "mandate": out[0]["mandate"] if out and not conflict else None,
            "conflicting": out if conflict else [],
            "issueId": issue_of[_conflict(item, row["mandates"]).key] if conflict else None}


def resolve_one(work_id: str, territory: str, date: dt.date, right_type: str) -> dict:
    """``resolve`` for one (work, territory, date, right type). Raises UnknownWorks."""
    return resolve([{"workId": work_id, "territory": territory, "date": date, "rightType": right_type}])[0]
