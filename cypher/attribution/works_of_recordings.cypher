// The works each recording is a recording of, to pay a publishing line matched to a recording
// to the owners of its work.
// Params: $recordingIds = ['REC-000001', …]
// Returns: recordingId, workIds (sorted; empty when the recording has no work)
UNWIND $recordingIds AS rid
MATCH (r:Recording {recordingId: rid})
OPTIONAL MATCH (r)-[:RECORDING_OF]->(w:Work)
WITH rid, w ORDER BY w.workId
RETURN rid AS recordingId, collect(w.workId) AS workIds
