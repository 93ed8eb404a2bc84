// After a late batch (app/services/late_rates.py), in its transaction: the statement's gross
// (exact decimal string and micro-units, continuing its cumulative rounding) and its status —
// processed once no row is rejected any more.
// Params: $statementId, $grossExact, $grossMicro
// Returns: status
MATCH (s:Statement {statementId: $statementId})
SET s.grossExact = $grossExact, s.grossMicro = $grossMicro,
    s.status = CASE WHEN s.linesRejected = 0 AND s.status = 'processed_with_errors' THEN 'processed' ELSE s.status END
RETURN s.status AS status
