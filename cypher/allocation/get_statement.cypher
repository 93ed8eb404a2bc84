// One statement with its properties and its rate table.
// Params: $statementId
// Returns: statement (map, with fxRates [{from, to, rate, source, date}] by from) or no row
MATCH (s:Statement {statementId: $statementId})
OPTIONAL MATCH (s)-[:USES_RATE]->(r:FxRate)
WITH s, r ORDER BY r.`from`
WITH s, collect(r {.*}) AS rates
RETURN s {.*, fxRates: rates} AS statement
