// Move a statement's run to its next chunk, only from the current one, so that two deliveries
// of the same chunk queue one successor between them.
// Params: $statementId, $runId, $seq (the chunk that ends)
// Returns: runSeq (the next chunk); no row when the statement's run or chunk is another
MATCH (s:Statement {statementId: $statementId})
WHERE s.runId = $runId AND s.runSeq = $seq
SET s.runSeq = $seq + 1, s.progressAt = datetime()
RETURN s.runSeq AS runSeq
