// An operator accepts a statement held for a control-total mismatch: it may be allocated.
// Params: $statementId, $actor
// Returns: statement (map); no row when the statement is not held (status control_mismatch)
MATCH (s:Statement {statementId: $statementId})
WHERE s.status = 'control_mismatch'
SET s.status = 'registered', s.controlForcedBy = $actor, s.controlForcedAt = datetime()
RETURN s {.*} AS statement
