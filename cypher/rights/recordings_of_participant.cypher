// Recordings a participant owns (any right, any time) or performs on.
// Params: $participantId
// Returns: recordingId
MATCH (p:Participant {participantId: $participantId})
CALL (p) {
  MATCH (p)-[:OWNS]->(r:Recording) RETURN r
  UNION
  MATCH (p)-[:PERFORMS_ON]->(r:Recording) RETURN r
}
RETURN DISTINCT r.recordingId AS recordingId
