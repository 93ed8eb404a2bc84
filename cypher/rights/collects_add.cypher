// Open collection mandates: (:Participant|:Society)-[:COLLECTS {…}]->(:Work|:Participant).
// A COLLECTS to a Participant covers every work that participant owns (mandate_at.cypher).
// A mandate identical to an existing one (same collector, target, right type, basis,
// territories, excluded, dates) is not duplicated.
// Params: $rows = [{index, collectorId (participantId or society code), targetId (workId or
//                   participantId), rightType, territories, excluded, validFrom (date),
//                   validTo (date|null), feePercent (decimal string|null),
//                   basis ('direct'|'reciprocal'|'admin'), agreementId, status}]
// Returns: index of each row whose edge was created
UNWIND $rows AS r
CALL (r) {
  MATCH (c:Participant {participantId: r.collectorId}) RETURN c
  UNION
  MATCH (c:Society {code: r.collectorId}) RETURN c
}
CALL (r) {
  MATCH (t:Work {workId: r.targetId}) RETURN t
  UNION
  MATCH (t:Participant {participantId: r.targetId}) RETURN t
}
WITH r, c, t
WHERE NOT EXISTS {
  MATCH (c)-[m:COLLECTS {rightType: r.rightType, basis: r.basis, validFrom: r.validFrom}]->(t)
  WHERE m.territories = r.territories AND coalesce(m.excluded, []) = r.excluded
    AND coalesce(m.validTo, date('9999-12-31')) = coalesce(r.validTo, date('9999-12-31'))
}
CREATE (c)-[:COLLECTS {rightType: r.rightType, territories: r.territories, excluded: r.excluded,
                       validFrom: r.validFrom, validTo: r.validTo, feePercent: r.feePercent,
                       basis: r.basis, agreementId: r.agreementId, status: r.status,
                       createdAt: datetime()}]->(t)
RETURN r.index AS index
