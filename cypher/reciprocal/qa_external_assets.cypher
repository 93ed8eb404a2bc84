// What fuzzy matching against partners' repertoire found (issue 7): for each id, whether it is a
// recording or a work, and the partner society whose repertoire holds it.
// Params: $ids = ['REC-000001', 'WRK-000002', …]
// Returns: id, isRecording (bool), partnerCode (the smallest code when several; null: in no
//          partner's repertoire, or OWNed here — local), one row per id found
UNWIND $ids AS id
OPTIONAL MATCH (r:Recording {recordingId: id})
OPTIONAL MATCH (w:Work {workId: id})
WITH id, r, coalesce(r, w) AS asset
WHERE asset IS NOT NULL
RETURN id, r IS NOT NULL AS isRecording,
       CASE WHEN EXISTS { (asset)<-[:OWNS]-() } THEN null
            ELSE COLLECT { MATCH (asset)-[:IN_REPERTOIRE_OF]->(s:Society) RETURN s.code AS code ORDER BY code }[0]
       END AS partnerCode
