"""Data-quality issues: the one place findings are recorded (validator, mandates, suspense…)."""
from __future__ import annotations

from dataclasses import dataclass, field

import simplejson
from neo4j import ManagedTransaction

from app.services.db import read, run
from app.services.ids import reserve_ids


@dataclass(frozen=True)
class Finding:
    """One finding. ``kind`` e.g. split_gap, split_overlap, publisher_share, mandate_conflict,
    missing_money; ``key`` must identify the finding stably across runs (e.g.
    ``"split_overlap|REC-000001|master|DE|2024-07-01"``); ``witness`` is JSON-able evidence."""

    kind: str
    key: str
    entity_id: str | None
    message: str
    witness: dict = field(default_factory=dict)
    severity: str = "error"


def record(tx: ManagedTransaction, findings: list[Finding]) -> list[dict]:
    """Create or refresh DataQualityIssues for ``findings``; ``[{issueId, key, created}]``.
    ``Decimal`` values of a witness are stored as exact JSON numbers."""
    if not findings:
        return []
    new_ids = reserve_ids(tx, "quality_issue", len(findings))
    return run(tx, "quality/record_issues", issues=[
        {"issueId": issue_id, "key": f.key, "kind": f.kind, "severity": f.severity, "entityId": f.entity_id,
         "message": f.message,
         "witness": simplejson.dumps(f.witness, use_decimal=True, default=str, sort_keys=True)}
        for f, issue_id in zip(findings, new_ids)])


def resolve_missing(tx: ManagedTransaction, kinds: list[str], entity_ids: list[str], found_keys: list[str]) -> int:
    """After a full run of a check over ``entity_ids``: mark its open issues of ``kinds`` about
    those entities whose key it did not find again ``resolved``; returns how many."""
    return run(tx, "quality/resolve_missing", kinds=kinds, entityIds=entity_ids, keys=found_keys)[0]["resolved"]


def list_issues(skip: int, limit: int, kind: str | None = None, status: str | None = None,
                entity_id: str | None = None) -> tuple[list[dict], int]:
    """A page of DataQualityIssues ordered by id, filtered by each argument given, and the
    total. Each: ``{issueId, key, kind, severity, status, entityId, message, witness (dict,
    Decimal numbers), firstSeenAt, lastSeenAt, resolvedAt}``."""
    row = read(lambda tx: run(tx, "quality/list_issues", skip=skip, limit=limit, kind=kind, status=status,
                              entityId=entity_id))[0]
    issues = [{**q, "witness": simplejson.loads(q["witness"] or "{}", use_decimal=True)} for q in row["issues"]]
    return issues, row["total"]
