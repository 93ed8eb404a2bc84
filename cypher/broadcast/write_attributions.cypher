// Attribute plays: each gets a new current UsageAttribution (the previous current one, if any,
// is superseded, never deleted) and its status and recording.
// Issue 7: a play matched in a partner's repertoire also gets workId (matched to a work only),
// candidateWorkId (a work in review) and originPartner (the partner's society code).
// Params: $rows = [{playId, attributionId, method, confidence, recordingId, candidateRecordingId,
//                   status ('matched' | 'review' | 'unmatched'), by, note,
//                   workId?, candidateWorkId?, originPartner? (absent: null)}]
// Returns: count of attributions written
UNWIND $rows AS r
MATCH (p:PlayLog {playId: r.playId})
CALL (p) {
  OPTIONAL MATCH (p)-[:ATTRIBUTED]->(old:UsageAttribution {status: 'current'})
  SET old.status = 'superseded'
}
CREATE (p)-[:ATTRIBUTED]->(a:UsageAttribution {attributionId: r.attributionId, playId: r.playId,
        method: r.method, confidence: r.confidence, recordingId: r.recordingId,
        candidateRecordingId: r.candidateRecordingId, workId: r.workId, candidateWorkId: r.candidateWorkId,
        originPartner: r.originPartner, status: 'current', at: datetime(), by: r.by, note: r.note})
SET p.status = r.status, p.recordingId = r.recordingId, p.workId = r.workId, p.originPartner = r.originPartner
RETURN count(a) AS written
