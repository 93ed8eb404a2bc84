// The review queue: RoyaltyEvents whose best fuzzy candidate fell in the review band
// (matchMethod 'fuzzy_review'), optionally of one statement, by statement and line.
// Params: $statementId (or null for all), $skip, $limit
// Returns: one row: items [{eventId, statementId, line, title, artist, isrc, candidateRecordingId,
//          candidateTitle, matchConfidence, grossMicro, currency}], total
MATCH (e:RoyaltyEvent {matchMethod: 'fuzzy_review'})
WHERE $statementId IS NULL OR e.statementId = $statementId
WITH e ORDER BY e.statementId, e.line
WITH collect(e) AS queue
UNWIND (CASE WHEN size(queue) = 0 THEN [null] ELSE queue[$skip..$skip + $limit] END) AS e
OPTIONAL MATCH (r:Recording {recordingId: e.candidateRecordingId})
WITH queue, collect(CASE WHEN e IS NULL THEN null ELSE e {.eventId, .statementId, .line, .title, .artist, .isrc,
     .candidateRecordingId, candidateTitle: r.title, .matchConfidence, .grossMicro, .currency} END) AS items
RETURN items, size(queue) AS total
