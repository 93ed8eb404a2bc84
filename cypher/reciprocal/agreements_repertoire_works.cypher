// The works of a partner's repertoire (for writing an agreement's mandates in chunks).
// Params: $partnerCode
// Returns: workIds
MATCH (w:Work)-[:IN_REPERTOIRE_OF]->(:Society {code: $partnerCode})
RETURN collect(w.workId) AS workIds
