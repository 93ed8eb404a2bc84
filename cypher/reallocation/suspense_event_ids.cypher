// RoyaltyEvents with money in suspense now (a live ALLOCATED edge to a suspense account:
// unmatched, waiting for review, unowned, partially owned or conflicting), optionally of one
// statement — what suspense re-matching re-tries. Starts from the few suspense accounts.
// Params: $statementId (or null for every statement)
// Returns: eventId, micro (the event's money in suspense), by eventId
MATCH (:Account {kind: 'suspense'})<-[al:ALLOCATED]-(e:RoyaltyEvent)
WHERE al.reversedBy IS NULL AND al.reversal IS NULL
  AND ($statementId IS NULL OR e.statementId = $statementId)
RETURN e.eventId AS eventId, sum(al.amount) AS micro
ORDER BY eventId
