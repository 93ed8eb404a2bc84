// The partners a cycle has line items for, with their reporting standard (which report each gets).
// Params: $cycleId
// Returns: partnerCode, participantId, reportingStandard, lineItems — by partner code
MATCH (:RoyaltyCycle {cycleId: $cycleId})-[:HAS_LINE]->(li:LineItem)
WITH li.partnerCode AS partnerCode, count(li) AS lineItems
OPTIONAL MATCH (s:Society {code: partnerCode})
RETURN partnerCode, s.participantId AS participantId, s.reportingStandard AS reportingStandard, lineItems
ORDER BY partnerCode
