// A participant's top earning recordings: lifetime income, and the income of $lastPeriod (the
// participant's latest month), from the track rollups (catalog-sized, not history-sized).
// Params: $participantId, $currency, $lastPeriod ('YYYY-MM' | null), $limit
//         e.g. :param participantId => 'PART-000001'; :param currency => 'USD'; :param lastPeriod => '2025-07'; :param limit => 10
// Returns: recordingId, lifetime, lastPeriodAmount (micro-units) — highest lifetime first
MATCH (x:TrackIncomeRollup {participantId: $participantId})
WHERE x.currency = $currency
WITH x.recordingId AS recordingId, sum(x.amount) AS lifetime,
     sum(CASE WHEN x.lastPeriod = $lastPeriod THEN x.lastPeriodAmount ELSE 0 END) AS lastPeriodAmount
WHERE lifetime <> 0 OR lastPeriodAmount <> 0
RETURN recordingId, lifetime, lastPeriodAmount
ORDER BY lifetime DESC, recordingId
LIMIT $limit
