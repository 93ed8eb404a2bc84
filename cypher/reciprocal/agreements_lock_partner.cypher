// Take a partner's write lock (by stamping updatedAt) before creating one of its agreements, so
// two concurrent activations cannot both pass the overlap check.
// Params: $partnerCode
// Returns: code; no row for an unknown society
MATCH (s:Society {code: $partnerCode})
SET s.updatedAt = datetime()
RETURN s.code AS code
