// Rejected rows of a statement, in line order, paginated; a row posted later (a rate added
// after upload) stays listed with its resolution.
// Params: $statementId, $skip, $limit
// Returns: line, field, message, raw, resolvedAt|null, resolvedBy|null, resolution|null
MATCH (i:StatementIssue {statementId: $statementId})
RETURN i.line AS line, i.field AS field, i.message AS message, i.raw AS raw,
       i.resolvedAt AS resolvedAt, i.resolvedBy AS resolvedBy, i.resolution AS resolution
ORDER BY line, field
SKIP $skip LIMIT $limit
