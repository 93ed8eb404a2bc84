// Take a participant's write lock (Neo4j's idiom: set and remove a dummy property), so offers are
// made and accepted for it one transaction at a time (no duplicate offers, never two active advances).
// Params: $participantId
// Returns: participantId; no row for an unknown participant
MATCH (p:Participant {participantId: $participantId})
SET p._lock = true
REMOVE p._lock
RETURN p.participantId AS participantId
