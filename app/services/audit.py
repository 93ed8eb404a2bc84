"""Audit trail: every state change of rights and money writes an AuditEvent in its transaction."""
from __future__ import annotations

import json
from typing import Any

from neo4j import ManagedTransaction

from app.services.db import run
from app.services.ids import reserve_ids


def record(tx: ManagedTransaction, actor: str, action: str, entity_id: str | None,
           before: Any = None, after: Any = None) -> str:
    """Append an AuditEvent (``before``/``after`` stored as JSON) and return its id."""
    audit_id = reserve_ids(tx, "audit", 1)[0]
    run(tx, "common/audit", auditId=audit_id, actor=actor, action=action, entityId=entity_id,
        before=None if before is None else json.dumps(before, default=str),
        after=None if after is None else json.dumps(after, default=str))
    return audit_id
