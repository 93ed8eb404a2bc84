// Remittances by id with their partner, their cycle and their audit trail (creation and every
// status change, oldest first).
// Params: $remittanceIds
// Returns: remittance (every property), partner {participantId, code, name}, cycle {cycleId,
//          status, period, territory, periodStart, periodEnd}, history [{auditId, at, actor,
//          action, before, after (JSON)}], in the order of $remittanceIds
UNWIND range(0, size($remittanceIds) - 1) AS i
MATCH (r:Remittance {remittanceId: $remittanceIds[i]})
OPTIONAL MATCH (r)-[:TO_PARTNER]->(s:Society)
OPTIONAL MATCH (r)-[:FOR_CYCLE]->(c:RoyaltyCycle)
RETURN r {.*} AS remittance,
       s {.participantId, .code, .name} AS partner,
       c {.cycleId, .status, .period, .territory, .periodStart, .periodEnd} AS cycle,
       COLLECT { MATCH (e:AuditEvent {entityId: r.remittanceId})
                 RETURN e {.auditId, .at, .actor, .action, .before, .after} ORDER BY e.auditId } AS history
ORDER BY i
