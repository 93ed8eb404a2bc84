// Create or update recordings with their work link and performers. Matched on ISRC when given,
// else on externalRef; a row with neither is created. `newId` is used only on creation.
// Params: $rows = [{ref, newId, isrc, title, version, durationSeconds, workId,
//                   performers: [{participantId, role}]}]
// Returns: ref, recordingId, created
UNWIND $rows AS r
CALL (r) {
  WITH r WHERE r.isrc IS NOT NULL
  MERGE (x:Recording {isrc: r.isrc}) ON CREATE SET x.recordingId = r.newId, x.externalRef = r.ref
  RETURN x
  UNION
  WITH r WHERE r.isrc IS NULL AND r.ref IS NOT NULL
  MERGE (x:Recording {externalRef: r.ref}) ON CREATE SET x.recordingId = r.newId
  RETURN x
  UNION
  WITH r WHERE r.isrc IS NULL AND r.ref IS NULL
  CREATE (x:Recording {recordingId: r.newId})
  RETURN x
}
SET x.title = r.title, x.version = r.version, x.durationSeconds = r.durationSeconds
WITH x, r
CALL (x, r) {
  WITH x, r WHERE r.workId IS NOT NULL
  MATCH (w:Work {workId: r.workId})
  MERGE (x)-[:RECORDING_OF]->(w)
}
CALL (x, r) {
  UNWIND r.performers AS perf
  MATCH (p:Participant {participantId: perf.participantId})
  MERGE (p)-[on:PERFORMS_ON]->(x)
  SET on.role = perf.role
}
RETURN r.ref AS ref, x.recordingId AS recordingId, x.recordingId = r.newId AS created
