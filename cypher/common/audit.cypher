// Append audit events: who did what to which entity, before → after (JSON strings).
// Params: $events = [{auditId, actor, action, entityId, before, after}]
// Returns: auditId, one row per event
UNWIND $events AS e
CREATE (a:AuditEvent {auditId: e.auditId, at: datetime(), actor: e.actor, action: e.action,
                      entityId: e.entityId, before: e.before, after: e.after})
RETURN a.auditId AS auditId
