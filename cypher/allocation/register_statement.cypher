// Register a statement file by content hash; an already-registered hash returns the first one.
// Params: $statementId (used only when new), $sha256, $source, $filename, $path, $currency
// Returns: statement (all properties), created
MERGE (s:Statement {sha256: $sha256})
ON CREATE SET s.statementId = $statementId, s.source = $source, s.filename = $filename, s.path = $path,
              s.currency = $currency, s.status = 'registered', s.registeredAt = datetime(),
              s.linesRead = 0, s.linesMatched = 0, s.linesUnmatched = 0, s.linesRejected = 0, s.batchesDone = 0
RETURN s {.*} AS statement, s.statementId = $statementId AS created
