// Who is on these works and recordings on $asOf: owners of a slice in force, and performers.
// Params: $assetIds, $asOf (date)
// Returns: assetId, title, participantId (one row per asset and participant)
UNWIND $assetIds AS assetId
CALL (assetId) {
  MATCH (a:Recording {recordingId: assetId}) RETURN a
  UNION
  MATCH (a:Work {workId: assetId}) RETURN a
}
CALL (a) {
  MATCH (p:Participant)-[o:OWNS]->(a)
  WHERE o.validFrom <= $asOf AND (o.validTo IS NULL OR $asOf < o.validTo)
  RETURN p
  UNION
  MATCH (p:Participant)-[:PERFORMS_ON]->(a)
  RETURN p
}
RETURN DISTINCT assetId, a.title AS title, p.participantId AS participantId
ORDER BY assetId, participantId
