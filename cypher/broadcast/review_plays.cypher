// The review queue: plays whose best attribution needs a person (the fuzzy review band, or a
// detection the monitor itself was unsure of), oldest first, with the candidate recording.
// Params: $stationId (nullable), $skip, $limit
// Returns: items ([{playId, stationId, playedAt, title, artist, isrc, method, confidence, note,
//          candidateRecordingId, candidateTitle}]), total
MATCH (p:PlayLog {status: 'review'})
WHERE $stationId IS NULL OR p.stationId = $stationId
WITH p ORDER BY p.playedAt, p.playId
WITH collect(p) AS queue
CALL (queue) {
  UNWIND queue[$skip..$skip + $limit] AS p
  MATCH (p)-[:ATTRIBUTED]->(a:UsageAttribution {status: 'current'})
  OPTIONAL MATCH (r:Recording {recordingId: a.candidateRecordingId})
  RETURN collect({playId: p.playId, stationId: p.stationId, playedAt: p.playedAt, title: p.title, artist: p.artist,
                  isrc: p.isrc, method: a.method, confidence: a.confidence, note: a.note,
                  candidateRecordingId: a.candidateRecordingId, candidateTitle: r.title}) AS items
}
RETURN size(queue) AS total, items
