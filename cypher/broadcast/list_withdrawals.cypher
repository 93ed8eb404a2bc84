// A page of withdrawals, newest first, filtered by each parameter that is not null
// ($participantId: requested by or for it), and the total.
// Params: $status, $participantId, $skip, $limit
// Returns: withdrawalIds (the page), total
MATCH (w:Withdrawal)
WHERE ($status IS NULL OR w.status = $status)
  AND ($participantId IS NULL OR w.requesterId = $participantId OR w.forParticipantId = $participantId)
WITH w ORDER BY w.requestedAt DESC, w.withdrawalId DESC
WITH collect(w.withdrawalId) AS ids
RETURN ids[$skip..$skip + $limit] AS withdrawalIds, size(ids) AS total
