// Find, or open with status 'not_registered', the one REGISTERED_WITH edge of an asset with a
// society, and take its write lock (Neo4j's idiom: set and remove a dummy property), so that
// concurrent moves of the same registration run one after the other and each reads the status
// the previous one left.
// Params: $assetId (WRK-… or REC-…), $societyCode
// Returns: registration (the edge's properties, read under the lock);
//          no row when the asset or the society does not exist
MATCH (s:Society {code: $societyCode})
CALL () {
  MATCH (a:Work {workId: $assetId}) RETURN a
  UNION
  MATCH (a:Recording {recordingId: $assetId}) RETURN a
}
MERGE (a)-[reg:REGISTERED_WITH]->(s)
ON CREATE SET reg.status = 'not_registered', reg.createdAt = datetime()
SET reg._lock = true
REMOVE reg._lock
RETURN properties(reg) AS registration
