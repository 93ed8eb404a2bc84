"""Audit trail: every state change of rights and money writes an AuditEvent in its transaction."""
from __future__ import annotations

import json
from typing import Any

import simplejson
from neo4j import ManagedTransaction

from app.services.db import run
from app.services.ids import reserve_ids


def record(tx: ManagedTransaction, actor: str, action: str, entity_id: str | None,
           before: Any = None, after: Any = None) -> str:
    """Append an AuditEvent (``before``/``after`` stored as JSON) and return its id."""
    return record_many(tx, actor, action, [(entity_id, before, after)])[0]


def record_many(tx: ManagedTransaction, actor: str, action: str,
                events: list[tuple[str | None, Any, Any]]) -> list[str]:
    """Append one AuditEvent per ``(entity_id, before, after)`` in one query (for batch writers);
    their ids, in order."""
    if not events:
        return []
    audit_ids = reserve_ids(tx, "audit", len(events))
    run(tx, "common/audit", events=[
        {"auditId": audit_id, "actor": actor, "action": action, "entityId": entity_id,
         "before": None if before is None else json.dumps(before, default=str),
         "after": None if after is None else json.dumps(after, default=str)}
        for audit_id, (entity_id, before, after) in zip(audit_ids, events)])
    return audit_ids


def decoded(events: list[dict]) -> list[dict]:
    """AuditEvent rows ``{at, actor, action, before, after (JSON strings)}`` as an entity's
    history: ``before`` / ``after`` parsed (numbers as Decimal, never float)."""
    return [{"at": e["at"], "actor": e["actor"], "action": e["action"],
             "before": simplejson.loads(e["before"], use_decimal=True) if e["before"] else None,
             "after": simplejson.loads(e["after"], use_decimal=True) if e["after"] else None}
            for e in events]
