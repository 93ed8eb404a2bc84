// Unmatched usage for operations (issue 7 item 3): plays neither the local catalog nor any
// partner's repertoire matched (status 'unmatched': never charged until linked), oldest first.
// Params: $stationId (nullable), $from, $to (local dates, inclusive; nullable), $skip, $limit
// Returns: total, items [{playId, stationId, importId, line, playedAt, localDate, title, artist,
//          isrc, iswc, durationSeconds, detectionConfidence, usageType, note}]
MATCH (p:PlayLog {status: 'unmatched'})
WHERE ($stationId IS NULL OR p.stationId = $stationId)
  AND ($from IS NULL OR p.localDate >= $from) AND ($to IS NULL OR p.localDate <= $to)
WITH p ORDER BY p.playedAt, p.playId
WITH collect(p) AS plays
CALL (plays) {
  UNWIND plays[$skip..$skip + $limit] AS p
  OPTIONAL MATCH (p)-[:ATTRIBUTED]->(a:UsageAttribution {status: 'current'})
  RETURN collect({playId: p.playId, stationId: p.stationId, importId: p.importId, line: p.line,
                  playedAt: p.playedAt, localDate: p.localDate, title: p.title, artist: p.artist, isrc: p.isrc,
                  iswc: p.iswc, durationSeconds: p.durationSeconds, detectionConfidence: p.detectionConfidence,
                  usageType: p.usageType, note: a.note}) AS items
}
RETURN size(plays) AS total, items
