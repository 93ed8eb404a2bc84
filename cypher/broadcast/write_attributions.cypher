// Attribute plays: each gets a new current UsageAttribution (the previous current one, if any,
// is superseded, never deleted) and its status and recording.
// Params: $rows = [{playId, attributionId, method, confidence, recordingId, candidateRecordingId,
//                   status ('matched' | 'review' | 'unmatched'), by, note}]
// Returns: count of attributions written
UNWIND $rows AS r
MATCH (p:PlayLog {playId: r.playId})
CALL (p) {
  OPTIONAL MATCH (p)-[:ATTRIBUTED]->(old:UsageAttribution {status: 'current'})
  SET old.status = 'superseded'
}
CREATE (p)-[:ATTRIBUTED]->(a:UsageAttribution {attributionId: r.attributionId, playId: r.playId,
        method: r.method, confidence: r.confidence, recordingId: r.recordingId,
        candidateRecordingId: r.candidateRecordingId, status: 'current', at: datetime(), by: r.by, note: r.note})
SET p.status = r.status, p.recordingId = r.recordingId
RETURN count(a) AS written
