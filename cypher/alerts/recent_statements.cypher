// Statements processed since $since (the nightly fraud check looks at their usage again).
// Params: $since (datetime)
// Returns: statementId
MATCH (s:Statement)
WHERE s.processedAt >= $since AND s.status IN ['processed', 'processed_with_errors']
RETURN s.statementId AS statementId
ORDER BY statementId
