// Which open or in-review disputes concern these works or recordings? A recording's include the
// disputes about the work it records (a quarrel over the composition clouds its recordings).
// Params: $assetIds (workIds and/or recordingIds)
// Returns: assetId (as asked), disputeId, status, rightType, aboutId (the asset the dispute is
//          ABOUT: the asset itself or its work)
UNWIND $assetIds AS assetId
CALL (assetId) {
  MATCH (a:Recording {recordingId: assetId}) RETURN a
  UNION
  MATCH (a:Work {workId: assetId}) RETURN a
}
CALL (a) {
  RETURN a AS about
  UNION
  MATCH (a)-[:RECORDING_OF]->(about:Work) RETURN about
}
MATCH (d:Dispute)-[:ABOUT]->(about) WHERE d.status IN ['open', 'in_review']
RETURN assetId, d.disputeId AS disputeId, d.status AS status, d.rightType AS rightType,
       coalesce(about.recordingId, about.workId) AS aboutId
ORDER BY assetId, disputeId
