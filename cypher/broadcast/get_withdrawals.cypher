// Withdrawals by id, with the payout that carries the transfer (if any) and the audit trail.
// Params: $withdrawalIds
// Returns: withdrawal (map), payoutStatus (null until the payout exists), history
//          [{at, actor, action, before, after (JSON)}] oldest first; in the order given
UNWIND $withdrawalIds AS id
MATCH (w:Withdrawal {withdrawalId: id})
OPTIONAL MATCH (p:Payout {payoutId: w.payoutId})
RETURN w {.*} AS withdrawal, p.status AS payoutStatus, p.providerReference AS providerReference,
       COLLECT { MATCH (e:AuditEvent {entityId: w.withdrawalId})
                 RETURN e {.at, .actor, .action, .before, .after} ORDER BY e.at, e.auditId } AS history
