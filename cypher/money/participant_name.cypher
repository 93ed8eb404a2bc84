// A participant's display name.
// Params: $participantId
// Returns: one row (none for an unknown participant): name
MATCH (p:Participant {participantId: $participantId})
RETURN p.name AS name
