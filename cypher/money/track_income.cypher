// A recording's income in one currency from the track rollups: per participant, source and right
// type, the lifetime amount and that of its latest month (the latest month the row earned in).
// Params: $recordingId, $currency, $participantId (null: every participant)
// Returns: participantId, source, sourceLabel, rightType, amount, lastPeriod, lastPeriodAmount (micro-units)
MATCH (x:TrackIncomeRollup {recordingId: $recordingId})
WHERE x.currency = $currency AND ($participantId IS NULL OR x.participantId = $participantId)
RETURN x.participantId AS participantId, x.source AS source, x.sourceLabel AS sourceLabel,
       x.rightType AS rightType, x.amount AS amount, x.lastPeriod AS lastPeriod,
       x.lastPeriodAmount AS lastPeriodAmount
ORDER BY participantId, source, rightType
