// Lines of a statement rejected because their currency had no rate, not yet posted
// (app/services/late_rates.py): the open 'currency' StatementIssues.
// Params: $statementId
// Returns: line, currency (the issue's raw value)
MATCH (i:StatementIssue {statementId: $statementId})
WHERE i.field = 'currency' AND i.resolvedAt IS NULL
RETURN i.line AS line, i.raw AS currency
ORDER BY line
