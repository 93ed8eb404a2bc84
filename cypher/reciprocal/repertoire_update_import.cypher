// Update a repertoire import's state: its status, progress (done of total records), log (JSON),
// error and, when the status is final (done | failed), finishedAt; progressAt is now. Null
// params leave a property as it is, except error, which is always set (a re-run clears the
// last failure).
// Params: $importId, $status|null, $done|null, $total|null, $log|null, $error|null
// Returns: import (map of the RepertoireImport's properties)
MATCH (i:RepertoireImport {importId: $importId})
SET i.status = coalesce($status, i.status), i.done = coalesce($done, i.done),
    i.total = coalesce($total, i.total), i.log = coalesce($log, i.log), i.error = $error, i.progressAt = datetime(),
    i.finishedAt = CASE WHEN $status IN ['done', 'failed'] THEN datetime() ELSE i.finishedAt END,
    i.startedAt = CASE WHEN $status = 'running' AND i.done = 0 THEN datetime() ELSE i.startedAt END
RETURN properties(i) AS import
