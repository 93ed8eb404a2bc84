// Update one recording (PATCH): properties, its work link, and its performers.
// Params: $recordingId,
//         $props (map: title, isrc, version, durationSeconds; a null value removes the property),
//         $setWork (bool: whether the work link changes), $workId|null (the new work; null: none),
//         $performers|null (null: unchanged; else the complete new list [{participantId, role}])
// Returns: recordingId (no row when the recording does not exist)
MATCH (r:Recording {recordingId: $recordingId})
SET r += $props
WITH r
CALL (r) {
  WITH r WHERE $setWork
  OPTIONAL MATCH (r)-[old:RECORDING_OF]->(:Work)
  DELETE old
}
CALL (r) {
  WITH r WHERE $setWork AND $workId IS NOT NULL
  MATCH (w:Work {workId: $workId})
  MERGE (r)-[:RECORDING_OF]->(w)
}
CALL (r) {
  WITH r WHERE $performers IS NOT NULL
  MATCH (p:Participant)-[old:PERFORMS_ON]->(r)
  WHERE NOT p.participantId IN [x IN $performers | x.participantId]
  DELETE old
}
CALL (r) {
  UNWIND coalesce($performers, []) AS x
  MATCH (p:Participant {participantId: x.participantId})
  MERGE (p)-[on:PERFORMS_ON]->(r)
  SET on.role = x.role
}
RETURN r.recordingId AS recordingId
