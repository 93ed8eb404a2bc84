// Append an audit event: who did what to which entity, before → after (JSON strings).
// Params: $auditId, $actor, $action, $entityId, $before, $after
// Returns: auditId
CREATE (a:AuditEvent {auditId: $auditId, at: datetime(), actor: $actor, action: $action,
                      entityId: $entityId, before: $before, after: $after})
RETURN a.auditId AS auditId
