// After a full run of the alert detectors of $types for some participants (all when
// $participantIds is null): resolve their open or investigating alerts of those types whose key
// the run did not find again.
// Params: $types, $participantIds (list | null), $keys (found), $systemActor
// Returns: alertId, before (status before)
MATCH (a:Alert)
WHERE a.type IN $types AND a.status IN ['open', 'investigating']
  AND ($participantIds IS NULL OR a.participantId IN $participantIds) AND NOT a.key IN $keys
WITH a, a.status AS before
SET a.status = 'resolved', a.resolvedAt = datetime(), a.resolvedBy = $systemActor, a.updatedAt = datetime()
RETURN a.alertId AS alertId, before
