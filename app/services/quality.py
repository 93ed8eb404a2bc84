"""Data-quality issues: the one place findings are recorded (validator, mandates, suspense…)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from neo4j import ManagedTransaction

from app.services.db import run
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
    """Create or refresh DataQualityIssues for ``findings``; ``[{issueId, key, created}]``."""
    if not findings:
        return []
    new_ids = reserve_ids(tx, "quality_issue", len(findings))
    return run(tx, "quality/record_issues", issues=[
        {"issueId": issue_id, "key": f.key, "kind": f.kind, "severity": f.severity, "entityId": f.entity_id,
         "message": f.message, "witness": json.dumps(f.witness, default=str, sort_keys=True)}
        for f, issue_id in zip(findings, new_ids)])
