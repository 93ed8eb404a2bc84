// Register a statement file by content hash; an already-registered hash returns the first one.
// A new statement keeps its rate table: (:Statement)-[:USES_RATE]->(:FxRate {from, to, rate
// (decimal string), source, date}), one per currency converted into the statement currency.
// Params: $statementId (used only when new), $sha256, $source, $sourceDetected (boolean: the
//         source was recognised from the file, not given), $filename, $path, $currency (the
//         wallet currency), $period ('YYYY-MM' or null), $declaredTotal (decimal string or null),
//         $declaredCurrency (or null), $rates = [{from, to, rate, source, date}],
//         $templateId, $templateVersion (the mapping template and version it is read with, or null)
// Returns: statement (all properties), created
MERGE (s:Statement {sha256: $sha256})
ON CREATE SET s.statementId = $statementId, s.source = $source, s.sourceDetected = $sourceDetected,
              s.filename = $filename, s.path = $path, s.currency = $currency, s.period = $period,
              s.declaredTotal = $declaredTotal, s.declaredCurrency = $declaredCurrency,
              s.templateId = $templateId, s.templateVersion = $templateVersion,
              s.status = 'registered', s.registeredAt = datetime(),
              s.linesRead = 0, s.linesMatched = 0, s.linesUnmatched = 0, s.linesRejected = 0, s.batchesDone = 0
WITH s, s.statementId = $statementId AS created
CALL (s, created) {
  UNWIND CASE WHEN created THEN $rates ELSE [] END AS rate
  CREATE (s)-[:USES_RATE]->(f:FxRate)
  SET f = rate
  RETURN count(f) AS rates
}
RETURN s {.*} AS statement, created
