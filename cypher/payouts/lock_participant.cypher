// Take a participant's write lock (the SET writes the same value, yet takes the lock), so the
// writers of its payout methods and its payout requests run one after the other (a request's
// idempotency key is then looked up exactly).
// Params: $participantId
// Returns: participantId; no row for an unknown participant
MATCH (p:Participant {participantId: $participantId})
SET p.participantId = p.participantId
RETURN p.participantId AS participantId
