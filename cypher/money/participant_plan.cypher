// A participant's subscription plan (the planId property; null when it never chose one: the
// default plan applies).
// Params: $participantId
// Returns: one row (none for an unknown participant): planId, planSince
MATCH (p:Participant {participantId: $participantId})
RETURN p.planId AS planId, p.planSince AS planSince
