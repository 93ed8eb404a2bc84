// Create a remittance: (:Remittance)-[:FOR_CYCLE]->(:RoyaltyCycle) and -[:TO_PARTNER]->(:Society).
// The unique remittanceKey refuses a second remittance of the same cycle and partner.
// Params: $remittance (the Remittance properties, createdAt excluded)
// Returns: remittanceId
MATCH (c:RoyaltyCycle {cycleId: $remittance.cycleId})
MATCH (s:Society {code: $remittance.partnerCode})
CREATE (r:Remittance)
SET r = $remittance, r.createdAt = datetime(), r.entryIds = [], r.attempts = 0
CREATE (r)-[:FOR_CYCLE]->(c)
CREATE (r)-[:TO_PARTNER]->(s)
RETURN r.remittanceId AS remittanceId
