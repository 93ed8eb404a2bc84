// Statements with an open missing-money data-quality issue (lines in suspense for want of a
// recording), all of them or those of $statementIds.
// Params: $statementIds (list | null)
// Returns: statementId, issueId
MATCH (q:DataQualityIssue {kind: 'missing_money', status: 'open'})
WHERE $statementIds IS NULL OR q.entityId IN $statementIds
RETURN q.entityId AS statementId, q.issueId AS issueId
ORDER BY statementId
