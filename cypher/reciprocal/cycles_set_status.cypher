// Move a cycle to another status (Locked → Invoiced → Remitted; the caller checks the order).
// Params: $cycleId, $status
// Returns: cycleId
MATCH (c:RoyaltyCycle {cycleId: $cycleId})
SET c.status = $status, c.updatedAt = datetime()
RETURN c.cycleId AS cycleId
