// Lock a closed cycle: status Locked, its totals, who closed it and when.
// Params: $cycleId, $totals (JSON), $by
// Returns: cycleId
MATCH (c:RoyaltyCycle {cycleId: $cycleId})
SET c.status = 'Locked', c.totals = $totals, c.closedAt = datetime(), c.closedBy = $by
REMOVE c.closeRun
RETURN c.cycleId AS cycleId
