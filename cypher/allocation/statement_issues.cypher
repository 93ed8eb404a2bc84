// Rejected rows of a statement, in line order, paginated.
// Params: $statementId, $skip, $limit
// Returns: line, field, message, raw
MATCH (i:StatementIssue {statementId: $statementId})
RETURN i.line AS line, i.field AS field, i.message AS message, i.raw AS raw
ORDER BY line, field
SKIP $skip LIMIT $limit
