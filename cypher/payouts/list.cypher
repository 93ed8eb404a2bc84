// A page of payout ids, newest first, with the total, filtered by participant, status,
// currency and batch (each filter ignored when null).
// Params: $skip, $limit, $participantId|null, $status|null, $currency|null, $batchId|null
// Returns: payoutIds (the page), total
MATCH (p:Payout)
WHERE ($participantId IS NULL OR p.participantId = $participantId)
  AND ($status IS NULL OR p.status = $status)
  AND ($currency IS NULL OR p.currency = $currency)
  AND ($batchId IS NULL OR p.batchId = $batchId)
WITH p ORDER BY p.requestedAt DESC, p.payoutId DESC
WITH collect(p.payoutId) AS ids
RETURN ids[$skip..$skip + $limit] AS payoutIds, size(ids) AS total
