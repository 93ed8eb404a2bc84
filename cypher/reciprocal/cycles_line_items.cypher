// A page of a cycle's line items by partner, work, recording, and the total; filters optional.
// Params: $cycleId, $partnerCode, $workId (nullable), $skip, $limit
// Returns: items (line item properties), total
MATCH (:RoyaltyCycle {cycleId: $cycleId})-[:HAS_LINE]->(li:LineItem)
WHERE ($partnerCode IS NULL OR li.partnerCode = $partnerCode) AND ($workId IS NULL OR li.workId = $workId)
WITH li ORDER BY li.partnerCode, li.workId, coalesce(li.recordingId, ''), coalesce(li.agreementId, ''), li.lineItemId
WITH collect(li {.*}) AS items
RETURN items[$skip..$skip + $limit] AS items, size(items) AS total
