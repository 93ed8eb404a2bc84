// Rebuild the recording income rollups (participant × recording × currency: what the Money Hub's top
// tracks read) of some participants from their track rollups (participant × recording × source ×
// right type), which hold the same income split finer: lifetime = Σ amount; lastPeriod = the
// latest lastPeriod; lastPeriodAmount = Σ lastPeriodAmount of the rows whose lastPeriod is it (rows
// of earlier months earned nothing in it). Idempotent (values are set, not added); used by
// `rightsgraph db init` (graphs from before the level existed) and `rightsgraph money rebuild-rollups`.
// Params: $participantIds = ['PART-000001', …]
// Returns: written (count of recording rollups set)
UNWIND $participantIds AS pid
MATCH (t:TrackIncomeRollup) WHERE t.key STARTS WITH pid + '|'
WITH pid, t.recordingId AS recordingId, t.currency AS currency, collect(t) AS rows, max(t.lastPeriod) AS lastPeriod
MERGE (x:RecordingIncomeRollup {key: pid + '|' + recordingId + '|' + currency})
SET x.participantId = pid, x.recordingId = recordingId, x.currency = currency,
    x.lifetime = reduce(s = 0, t IN rows | s + t.amount),
    x.lastPeriod = lastPeriod,
    x.lastPeriodAmount = reduce(s = 0, t IN rows | s + CASE WHEN t.lastPeriod = lastPeriod THEN t.lastPeriodAmount ELSE 0 END)
RETURN count(x) AS written
