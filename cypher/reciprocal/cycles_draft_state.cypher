// The state of a cycle before it is locked: its close-run token, the line items and play rows
// written, and how many of its plays another closed (not Open) cycle counted meanwhile.
// Params: $cycleId
// Returns: status, closeRun, lineItems, playRows, recounted
MATCH (c:RoyaltyCycle {cycleId: $cycleId})
RETURN c.status AS status, c.closeRun AS closeRun,
       COUNT { (c)-[:HAS_LINE]->(:LineItem) } AS lineItems,
       COUNT { (:PlayLog)-[:IN_CYCLE]->(c) } AS playRows,
       COUNT { (p:PlayLog)-[:IN_CYCLE]->(c) WHERE EXISTS {
         (p)-[:IN_CYCLE]->(other:RoyaltyCycle) WHERE other <> c AND other.status <> 'Open' } } AS recounted
