// Rejected rows of a play-log import, in line order.
// Params: $importId, $skip, $limit
// Returns: line, field, message, raw
MATCH (x:PlayLogIssue {importId: $importId})
RETURN x.line AS line, x.field AS field, x.message AS message, x.raw AS raw
ORDER BY line, field
SKIP $skip LIMIT $limit
