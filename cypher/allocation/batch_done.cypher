// Record that one batch of a statement is allocated (same transaction as its postings), so a
// re-run resumes after it. Counters are added, never overwritten.
// The sale months of the batch's lines join the statement's periods list (the statement list
// filters on them).
// Params: $statementId, $batch (0-based index), $read, $matched, $unmatched, $rejected,
//         $periods (the batch's distinct 'YYYY-MM')
// Returns: batchesDone
MATCH (s:Statement {statementId: $statementId})
WHERE s.batchesDone = $batch
SET s.batchesDone = s.batchesDone + 1,
    s.linesRead = s.linesRead + $read,
    s.linesMatched = s.linesMatched + $matched,
    s.linesUnmatched = s.linesUnmatched + $unmatched,
    s.linesRejected = s.linesRejected + $rejected,
    s.periods = reduce(known = coalesce(s.periods, []), p IN $periods |
                       CASE WHEN p IN known THEN known ELSE known + p END)
RETURN s.batchesDone AS batchesDone
