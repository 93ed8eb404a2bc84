// Lock a participant before its registration-gap flag is recomputed, and make sure the flag node
// exists: setting its id to itself takes the participant's write lock without changing it, as
// gap_invalidate does, so a writer marking the flag stale waits for the refresh to commit and a
// refresh waits for such a writer: a flag is never computed from facts a writer is changing.
// Params: $participantId
// Returns: societies (how many Society nodes the graph holds now) — no row for an unknown participant
MATCH (p:Participant {participantId: $participantId})
SET p.participantId = p.participantId
MERGE (g:RegistrationGap {participantId: $participantId})
ON CREATE SET g.stale = true
RETURN COUNT { (:Society) } AS societies
