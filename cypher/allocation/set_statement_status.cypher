// Move a statement to a new status, with optional totals and error text.
// Params: $statementId, $status, $grossExact|null, $grossMicro|null, $error|null
// Returns: statement (map)
MATCH (s:Statement {statementId: $statementId})
SET s.status = $status,
    s.grossExact = coalesce($grossExact, s.grossExact),
    s.grossMicro = coalesce($grossMicro, s.grossMicro),
    s.error = $error,
    // once processed, the row count is known exactly (it was an estimate: statement_runs.estimate_lines)
    s.linesTotal = CASE WHEN $status IN ['processed', 'processed_with_errors'] THEN s.linesRead ELSE s.linesTotal END,
    s.processedAt = CASE WHEN $status IN ['processed', 'processed_with_errors', 'failed'] THEN datetime() ELSE s.processedAt END
RETURN s {.*} AS statement
