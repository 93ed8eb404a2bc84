// A participant's credited income rollups (per month × source × recording) in one currency.
// Params: $participantId, $currency
// Returns: period, source, sourceLabel, recordingId, amount (micro-units)
MATCH (x:IncomeRollup)
WHERE x.key STARTS WITH $participantId + '|' AND x.currency = $currency AND x.amount <> 0
RETURN x.period AS period, x.source AS source, x.sourceLabel AS sourceLabel,
       x.recordingId AS recordingId, x.amount AS amount
