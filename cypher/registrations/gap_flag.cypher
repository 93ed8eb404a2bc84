// A participant's maintained registration-gap flag (app/services/registration_gaps.py), when it
// answers for $asOf: not marked stale since it was computed, $asOf inside its window (no ownership
// or membership of the participant starts or ends in between), and as many societies in the graph
// as when it was computed (a new society may be one its works should be registered with).
// Params: $participantId, $asOf (date)
// Returns: missing (boolean) — no row when the flag is absent or does not answer for $asOf
MATCH (g:RegistrationGap {participantId: $participantId})
WHERE g.stale = false AND (g.validFrom IS NULL OR g.validFrom <= $asOf)
  AND (g.validUntil IS NULL OR $asOf < g.validUntil) AND g.societies = COUNT { (:Society) }
RETURN g.missing AS missing
