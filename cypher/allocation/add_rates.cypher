// Add exchange rates to a statement's rate table (late: its file had lines in a currency
// without a rate). A rate already on the statement is never replaced: lines were converted
// with it, so a currency that has one is left out.
// Params: $statementId, $rates = [{from, to, rate (decimal string), source, date}], $actor
// Returns: added (the `from` currencies written, in the given order)
MATCH (s:Statement {statementId: $statementId})
UNWIND $rates AS rate
WITH s, rate WHERE NOT EXISTS { (s)-[:USES_RATE]->(:FxRate {`from`: rate.`from`}) }
CREATE (s)-[:USES_RATE]->(f:FxRate)
SET f = rate, f.addedAt = datetime(), f.addedBy = $actor
RETURN collect(rate.`from`) AS added
