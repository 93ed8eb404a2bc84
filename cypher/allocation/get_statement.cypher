// One statement with its properties.
// Params: $statementId
// Returns: statement (map) or no row
MATCH (s:Statement {statementId: $statementId})
RETURN s {.*} AS statement
