// A page of royalty cycles, newest period first, filtered by each parameter that is not null,
// and the total.
// Params: $status, $territory (nullable), $skip, $limit
// Returns: cycleIds (the page), total
MATCH (c:RoyaltyCycle)
WHERE ($status IS NULL OR c.status = $status) AND ($territory IS NULL OR c.territory = $territory)
WITH c ORDER BY c.periodStart DESC, c.cycleId DESC
WITH collect(c.cycleId) AS ids
RETURN ids[$skip..$skip + $limit] AS cycleIds, size(ids) AS total
