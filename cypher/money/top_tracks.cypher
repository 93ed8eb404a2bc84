// A participant's top earning recordings: lifetime income, and the income of $lastPeriod (the
// participant's latest month), from the recording income rollups (one row per recording), read
// through the (participantId, currency, lifetime) range index in descending lifetime order, so
// the query stops after $limit rows (and their ties) whatever the size of the catalogue.
// Params: $participantId, $currency, $lastPeriod ('YYYY-MM' | null), $limit
//         e.g. :param participantId => 'PART-000001'; :param currency => 'USD'; :param lastPeriod => '2025-07'; :param limit => 10
// Returns: recordingId, lifetime, lastPeriodAmount (micro-units) — highest lifetime first
MATCH (x:RecordingIncomeRollup)
WHERE x.participantId = $participantId AND x.currency = $currency AND x.lifetime IS NOT NULL
WITH x, CASE WHEN x.lastPeriod = $lastPeriod THEN x.lastPeriodAmount ELSE 0 END AS lastPeriodAmount
WHERE x.lifetime <> 0 OR lastPeriodAmount <> 0
// participantId and currency are constant here: ordering by the index's three properties lets the
// planner read the index backwards (PartialTop) instead of sorting every row
ORDER BY x.participantId DESC, x.currency DESC, x.lifetime DESC, x.recordingId
LIMIT $limit
RETURN x.recordingId AS recordingId, x.lifetime AS lifetime, lastPeriodAmount
