// The works each recording records (RECORDING_OF), for the performance side of a play.
// Params: $recordingIds
// Returns: recordingId, workIds (sorted; empty when the recording has no work)
UNWIND $recordingIds AS id
MATCH (r:Recording {recordingId: id})
OPTIONAL MATCH (r)-[:RECORDING_OF]->(w:Work)
WITH id, w.workId AS workId ORDER BY workId
RETURN id AS recordingId, [x IN collect(workId) WHERE x IS NOT NULL] AS workIds
