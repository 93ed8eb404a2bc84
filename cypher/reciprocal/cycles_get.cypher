// Royalty cycles by id, with the number of their line items.
// Params: $cycleIds = ['CYC-000001', …]
// Returns: cycle (all properties), lineItems (count); one row per cycle found
UNWIND $cycleIds AS id
MATCH (c:RoyaltyCycle {cycleId: id})
RETURN c {.*} AS cycle, COUNT { (c)-[:HAS_LINE]->(:LineItem) } AS lineItems
