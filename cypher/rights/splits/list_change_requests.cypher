// A page of split change requests, newest first, and the total count.
// Params: $skip, $limit, $assetId|null, $status|null (pending | rejected | applied),
//         $participantId|null (only requests that need this participant's approval)
// Returns: requestIds (list), total
MATCH (r:SplitChangeRequest)
WHERE ($assetId IS NULL OR r.assetId = $assetId) AND ($status IS NULL OR r.status = $status)
  AND ($participantId IS NULL OR EXISTS { (r)-[:AFFECTS]->(:Participant {participantId: $participantId}) })
WITH r ORDER BY r.requestId DESC
WITH collect(r.requestId) AS ids
RETURN ids[$skip..$skip + $limit] AS requestIds, size(ids) AS total
