// Record rejected statement rows (line-numbered) so the API and the statement page show them.
// Params: $statementId, $issues = [{line, field, message, raw}]
// Returns: count written
UNWIND $issues AS i
MERGE (n:StatementIssue {issueId: $statementId + ':' + toString(i.line) + ':' + coalesce(i.field, '')})
SET n.statementId = $statementId, n.line = i.line, n.field = i.field, n.message = i.message, n.raw = i.raw
RETURN count(n) AS written
