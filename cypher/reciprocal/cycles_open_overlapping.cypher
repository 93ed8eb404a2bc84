// Open cycles of a territory whose period overlaps [$periodStart, $periodEnd).
// Params: $territory, $periodStart (date), $periodEnd (date, exclusive)
// Returns: cycleId, period
MATCH (c:RoyaltyCycle {territory: $territory, status: 'Open'})
WHERE c.periodStart < $periodEnd AND $periodStart < c.periodEnd
RETURN c.cycleId AS cycleId, c.period AS period ORDER BY cycleId
