// Statements registered but not processed, or whose processing stopped (no batch committed and
// no run started since $olderThan), oldest first: what beat resumes. A statement a run is
// still moving is left to it.
// Params: $olderThan (datetime)
// Returns: statementId
MATCH (s:Statement)
WHERE s.status IN ['registered', 'processing'] AND coalesce(s.progressAt, s.registeredAt) < $olderThan
RETURN s.statementId AS statementId
ORDER BY s.registeredAt
