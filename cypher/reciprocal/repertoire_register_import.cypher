// Register a repertoire file for import, once per (file sha256, partner): importKey
// '<sha256>|<CODE>' is unique, so the same file for the same partner finds the first import
// (whose status says whether it is done, still running or failed).
// Params: $record = {importId, importKey, partnerCode, format, filename, sha256, status, by}
// Returns: import (map of the RepertoireImport's properties), created (bool)
MERGE (i:RepertoireImport {importKey: $record.importKey})
ON CREATE SET i += $record, i.done = 0, i.startedAt = datetime(), i.progressAt = datetime(), i.created = true
WITH i, coalesce(i.created, false) AS created
REMOVE i.created
RETURN properties(i) AS import, created
