// Put recordings in a partner's repertoire: MERGE IN_REPERTOIRE_OF (importId/since kept from the
// first import; lastImportId, updatedAt and the record's fingerprint refreshed).
// Params: $code (partner society code), $importId, $rows = [{recordingId, fingerprint}]
// Returns: recordingId, added (true when the recording entered the repertoire now)
MATCH (s:Society {code: $code})
UNWIND $rows AS r
MATCH (x:Recording {recordingId: r.recordingId})
MERGE (x)-[rep:IN_REPERTOIRE_OF]->(s)
ON CREATE SET rep.importId = $importId, rep.since = datetime(), rep.added = true
SET rep.lastImportId = $importId, rep.updatedAt = datetime(), rep.fingerprint = r.fingerprint
WITH x, rep, coalesce(rep.added, false) AS added
REMOVE rep.added
RETURN x.recordingId AS recordingId, added
