// A participant's advances (active and recouped) in one currency, newest first.
// Params: $participantId, $currency
// Returns: advance (all properties)
MATCH (a:Advance {participantId: $participantId})
WHERE a.currency = $currency
RETURN a {.*} AS advance
ORDER BY a.advanceId DESC
