// Store the result summary of a catalog import.
// Params: $importId, $summary (JSON string)
// Returns: importId
MATCH (c:CatalogImport {importId: $importId})
SET c.summary = $summary
RETURN c.importId AS importId
