// Whether a cycle is fully remitted: every partner with line items in it has a Settled
// remittance (then the cycle moves to Remitted).
// Params: $cycleId
// Returns: status (the cycle's), remitted (boolean; false when the cycle has no line items)
MATCH (c:RoyaltyCycle {cycleId: $cycleId})
WITH c, COLLECT { MATCH (li:LineItem {cycleId: $cycleId}) RETURN DISTINCT li.partnerCode } AS partners,
     COLLECT { MATCH (r:Remittance {cycleId: $cycleId, status: 'Settled'}) RETURN r.partnerCode } AS settled
RETURN c.status AS status, size(partners) > 0 AND all(p IN partners WHERE p IN settled) AS remitted
