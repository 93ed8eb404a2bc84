// Record rejected play-log rows (idempotent per import, line and field).
// Params: $importId, $issues = [{line, field, message, raw}]
// Returns: count of issues written
UNWIND $issues AS i
MERGE (x:PlayLogIssue {issueId: $importId + ':' + i.line + ':' + coalesce(i.field, '-')})
SET x.importId = $importId, x.line = i.line, x.field = i.field, x.message = i.message, x.raw = i.raw
RETURN count(x) AS written
