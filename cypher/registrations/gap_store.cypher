// Store a participant's recomputed registration-gap flag (locked by gap_lock in this transaction).
// Params: $participantId, $missing (boolean), $validFrom, $validUntil (dates | null), $societies
// Returns: missing
MATCH (g:RegistrationGap {participantId: $participantId})
SET g.missing = $missing, g.stale = false, g.validFrom = $validFrom, g.validUntil = $validUntil,
    g.societies = $societies
RETURN g.missing AS missing
