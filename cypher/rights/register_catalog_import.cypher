// Register a catalog file by content hash; an already-registered hash returns the first import.
// Params: $importId (used only when new), $sha256, $filename
// Returns: importId, created, summary (JSON string of the first import's result, or null)
MERGE (c:CatalogImport {sha256: $sha256})
ON CREATE SET c.importId = $importId, c.filename = $filename, c.at = datetime()
RETURN c.importId AS importId, c.importId = $importId AS created, c.summary AS summary
