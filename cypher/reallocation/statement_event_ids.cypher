// The RoyaltyEvents of one statement, in line order (what reprocessing walks through).
// Params: $statementId
// Returns: eventId
MATCH (e:RoyaltyEvent {statementId: $statementId})
RETURN e.eventId AS eventId
ORDER BY e.line
