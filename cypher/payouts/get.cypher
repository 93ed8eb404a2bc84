// Payouts by id with their audit trail (request and every status change, oldest first).
// Params: $payoutIds
// Returns: payout (every property), history [{auditId, at, actor, action, before, after (JSON)}]
UNWIND $payoutIds AS id
MATCH (p:Payout {payoutId: id})
RETURN p {.*} AS payout,
       COLLECT { MATCH (e:AuditEvent {entityId: p.payoutId})
                 RETURN e {.auditId, .at, .actor, .action, .before, .after} ORDER BY e.auditId } AS history
ORDER BY p.payoutId
