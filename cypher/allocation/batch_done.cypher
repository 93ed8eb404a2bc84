// Record that one batch of a statement is allocated (same transaction as its postings), so a
// re-run resumes after it. Counters are added, never overwritten.
// Params: $statementId, $batch (0-based index), $read, $matched, $unmatched, $rejected
// Returns: batchesDone
MATCH (s:Statement {statementId: $statementId})
WHERE s.batchesDone = $batch
SET s.batchesDone = s.batchesDone + 1,
    s.linesRead = s.linesRead + $read,
    s.linesMatched = s.linesMatched + $matched,
    s.linesUnmatched = s.linesUnmatched + $unmatched,
    s.linesRejected = s.linesRejected + $rejected
RETURN s.batchesDone AS batchesDone
