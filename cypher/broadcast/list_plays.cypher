// A page of plays, newest first, filtered by each parameter that is not null, and the total.
// Params: $stationId, $status, $chargeStatus, $importId, $recordingId, $since, $until (datetimes),
//         $skip, $limit
// Returns: playIds (the page), total
MATCH (p:PlayLog)
WHERE ($stationId IS NULL OR p.stationId = $stationId) AND ($status IS NULL OR p.status = $status)
  AND ($chargeStatus IS NULL OR p.chargeStatus = $chargeStatus) AND ($importId IS NULL OR p.importId = $importId)
  AND ($recordingId IS NULL OR p.recordingId = $recordingId)
  AND ($since IS NULL OR p.playedAt >= $since) AND ($until IS NULL OR p.playedAt < $until)
WITH p ORDER BY p.playedAt DESC, p.playId DESC
WITH collect(p.playId) AS ids
RETURN ids[$skip..$skip + $limit] AS playIds, size(ids) AS total
