// The audit trail of one object (payout, dispute, advance, statement…): its AuditEvents, oldest first.
// Params: $entityId, $limit
// Returns: at, actor, action, before, after (JSON strings)
MATCH (e:AuditEvent {entityId: $entityId})
RETURN e.at AS at, e.actor AS actor, e.action AS action, e.before AS before, e.after AS after
ORDER BY at, e.auditId
LIMIT $limit
