// Remove up to $limit line items and IN_CYCLE edges a crashed close left on an Open cycle (a
// draft: nothing was posted and the cycle was never Locked, so no history is lost).
// Params: $cycleId, $run (this close's token), $limit
// Returns: removed (count); no row when the cycle is not Open or another close took it over
MATCH (c:RoyaltyCycle {cycleId: $cycleId, status: 'Open', closeRun: $run})
CALL (c) {
  MATCH (:PlayLog)-[r:IN_CYCLE]->(c) WITH r LIMIT $limit DELETE r RETURN count(*) AS edges
}
CALL (c) {
  MATCH (c)-[:HAS_LINE]->(li:LineItem) WITH li LIMIT $limit DETACH DELETE li RETURN count(*) AS lines
}
RETURN edges + lines AS removed
