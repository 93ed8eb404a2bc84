// Make a run the one processing a statement (app/services/statement_runs.py): another run always
// takes over; a chunk of the current run only if it is not older than the run's current chunk
// (a late redelivery of a finished chunk is refused). The batch size and the row estimate of the
// first run are kept.
// Params: $statementId, $runId (hex uuid), $seq (chunk number of the run), $batchSize,
//         $linesTotal (estimated rows of the file, or null)
// Returns: batchSize (the one to cut the statement's lines with); no row when refused or unknown
MATCH (s:Statement {statementId: $statementId})
WHERE s.runId IS NULL OR s.runId <> $runId OR s.runSeq <= $seq
SET s.runId = $runId, s.runSeq = $seq, s.progressAt = datetime(),
    s.batchSize = coalesce(s.batchSize, $batchSize), s.linesTotal = coalesce(s.linesTotal, $linesTotal)
RETURN s.batchSize AS batchSize
