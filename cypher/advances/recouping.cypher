// Who is recouping an advance in one currency: the participants with an active advance (a
// statement batch checks its participants against them before locking any advance).
// Params: $currency
// Returns: participantId
MATCH (a:Advance {status: 'active'})
WHERE a.currency = $currency
RETURN DISTINCT a.participantId AS participantId
