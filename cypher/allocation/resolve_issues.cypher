// Mark rejected rows of a statement resolved (kept, with how: the statement's history).
// Params: $statementId, $lines (line numbers), $field, $resolution, $actor
// Returns: resolved (count)
UNWIND $lines AS line
MATCH (i:StatementIssue {issueId: $statementId + ':' + toString(line) + ':' + $field})
WHERE i.resolvedAt IS NULL
SET i.resolvedAt = datetime(), i.resolvedBy = $actor, i.resolution = $resolution
RETURN count(i) AS resolved
