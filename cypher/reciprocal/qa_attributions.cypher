// The attribution QA queue (issue 7 item 3): plays whose current attribution needs a person —
// the fuzzy review band of the local catalog (fuzzy_review) or of partners' repertoire
// (external_review), or a match of an unsure detection — oldest first, with the candidate
// recording or work, the confidence, the method and the origin partner.
// Params: $stationId, $partner (society code), $minConfidence, $maxConfidence (0–1; each nullable),
//         $skip, $limit
// Returns: total, items [{playId, stationId, playedAt, localDate, title, artist, isrc, iswc,
//          durationSeconds, detectionConfidence, chargeStatus, attributionId, method, confidence,
//          note, originPartner, candidateRecordingId, candidateWorkId, candidateTitle,
//          candidateIsrc, candidateIswc}]
MATCH (p:PlayLog {status: 'review'})
WHERE ($stationId IS NULL OR p.stationId = $stationId) AND ($partner IS NULL OR p.originPartner = $partner)
MATCH (p)-[:ATTRIBUTED]->(a:UsageAttribution {status: 'current'})
WHERE ($minConfidence IS NULL OR a.confidence >= $minConfidence)
  AND ($maxConfidence IS NULL OR a.confidence <= $maxConfidence)
WITH p, a ORDER BY p.playedAt, p.playId
WITH collect({p: p, a: a}) AS queue
CALL (queue) {
  UNWIND queue[$skip..$skip + $limit] AS x
  WITH x.p AS p, x.a AS a
  OPTIONAL MATCH (r:Recording {recordingId: a.candidateRecordingId})
  OPTIONAL MATCH (w:Work {workId: a.candidateWorkId})
  RETURN collect({playId: p.playId, stationId: p.stationId, playedAt: p.playedAt, localDate: p.localDate,
                  title: p.title, artist: p.artist, isrc: p.isrc, iswc: p.iswc, durationSeconds: p.durationSeconds,
                  detectionConfidence: p.detectionConfidence, chargeStatus: p.chargeStatus,
                  attributionId: a.attributionId, method: a.method, confidence: a.confidence, note: a.note,
                  originPartner: a.originPartner, candidateRecordingId: a.candidateRecordingId,
                  candidateWorkId: a.candidateWorkId, candidateTitle: coalesce(r.title, w.title),
                  candidateIsrc: r.isrc, candidateIswc: w.iswc}) AS items
}
RETURN size(queue) AS total, items
