// Write an Active agreement's reciprocal mandates on works of its partner's repertoire:
// (:Society)-[:COLLECTS {rightType, territories, excluded, validFrom, validTo, feePercent,
// basis: 'reciprocal', agreementId, status: 'active'}]->(:Work), exactly one edge per
// (agreement, work, right type): an existing one is refreshed (and reactivated).
// Works not IN_REPERTOIRE_OF the partner are skipped.
// Params: $agreement = {agreementId, partnerCode, rightTypes, territories, excluded, validFrom,
//         validTo, feePercent (decimal string)}, $workIds
// Returns: created (edges created), written (edges created or refreshed)
MATCH (s:Society {code: $agreement.partnerCode})
UNWIND $workIds AS wid
MATCH (w:Work {workId: wid})-[:IN_REPERTOIRE_OF]->(s)
UNWIND $agreement.rightTypes AS rightType
MERGE (s)-[m:COLLECTS {agreementId: $agreement.agreementId, rightType: rightType}]->(w)
  ON CREATE SET m.createdAt = datetime(), m.new = true
SET m.territories = $agreement.territories, m.excluded = $agreement.excluded,
    m.validFrom = $agreement.validFrom, m.validTo = $agreement.validTo, m.feePercent = $agreement.feePercent,
    m.basis = 'reciprocal', m.status = 'active', m.updatedAt = datetime()
WITH m, m.new IS NOT NULL AS created
REMOVE m.new
RETURN count(CASE WHEN created THEN 1 END) AS created, count(m) AS written
