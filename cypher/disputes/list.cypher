// A page of dispute ids ordered by id, with the total, filtered by status, by the work or
// recording they are ABOUT, and by a party (raised by or involving the participant); each filter
// ignored when null.
// Params: $skip, $limit, $status|null, $assetId|null, $participantId|null
// Returns: disputeIds (the page), total
MATCH (d:Dispute)
WHERE ($status IS NULL OR d.status = $status)
  AND ($assetId IS NULL OR EXISTS { MATCH (d)-[:ABOUT]->(a) WHERE a.workId = $assetId OR a.recordingId = $assetId })
  AND ($participantId IS NULL
       OR EXISTS { MATCH (d)-[:RAISED_BY|INVOLVES]->(:Participant {participantId: $participantId}) })
WITH d ORDER BY d.disputeId
WITH collect(d.disputeId) AS ids
RETURN ids[$skip..$skip + $limit] AS disputeIds, size(ids) AS total
