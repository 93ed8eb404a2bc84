// First statement of a batch's transaction: is this run (and chunk) still the statement's?
// If so, mark progress (committed with the batch) and hold the statement's lock until commit.
// Params: $statementId, $runId, $seq
// Returns: batchesDone; no row when another run or chunk took the statement over
MATCH (s:Statement {statementId: $statementId})
WHERE s.runId = $runId AND s.runSeq = $seq
SET s.progressAt = datetime()
RETURN s.batchesDone AS batchesDone
