// Statements registered but not processed, or interrupted while processing, oldest first.
// Params: $olderThan (datetime: only those registered before it, so a fresh upload is left
//         to the request that registered it)
// Returns: statementId
MATCH (s:Statement)
WHERE s.status IN ['registered', 'processing'] AND s.registeredAt < $olderThan
RETURN s.statementId AS statementId
ORDER BY s.registeredAt
