// Record a new Open royalty cycle.
// Params: $cycle = {cycleId, territory, period, periodStart (date), periodEnd (date, exclusive),
//                   adminFeePercent (decimal string | null), currency, createdBy}
// Returns: cycleId
CREATE (c:RoyaltyCycle)
SET c = $cycle, c.status = 'Open', c.createdAt = datetime()
RETURN c.cycleId AS cycleId
