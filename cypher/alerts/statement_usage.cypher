// The recordings a statement reports usage (units) of, and the latest sale month of each.
// Params: $statementId
// Returns: recordingId, period ('YYYY-MM')
MATCH (e:RoyaltyEvent {statementId: $statementId})
WHERE e.recordingId IS NOT NULL AND e.units > 0
RETURN e.recordingId AS recordingId, max(e.period) AS period
ORDER BY recordingId
