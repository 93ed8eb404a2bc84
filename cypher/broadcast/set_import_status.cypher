// Move a play-log import to a status and store its counts (a re-run overwrites them with the
// counts of the whole file again).
// Params: $importId, $status, $counts = {received, accepted, rejected, duplicates} (nullable), $error
// Returns: import (map of its properties)
MATCH (i:PlayLogImport {importId: $importId})
SET i.status = $status, i.error = $error,
    i.processedAt = CASE WHEN $status IN ['processed', 'failed'] THEN datetime() ELSE i.processedAt END
SET i += coalesce($counts, {})
RETURN i {.*} AS import
