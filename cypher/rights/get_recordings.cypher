// Recordings by id with their work and performers (for the API).
// Params: $recordingIds
// Returns: recording (map with workId, performers [{participantId, role}])
UNWIND $recordingIds AS rid
MATCH (r:Recording {recordingId: rid})
OPTIONAL MATCH (r)-[:RECORDING_OF]->(w:Work)
OPTIONAL MATCH (p:Participant)-[on:PERFORMS_ON]->(r)
WITH r, w, collect(CASE WHEN p IS NULL THEN null ELSE {participantId: p.participantId, role: on.role} END) AS performers
RETURN r {.recordingId, .title, .isrc, .version, .durationSeconds, workId: w.workId, performers: performers} AS recording
