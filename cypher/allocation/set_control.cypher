// Record the result of a statement's control-total check (app/services/control_totals.py);
// a mismatch holds the statement in status control_mismatch, before anything is allocated.
// Params: $statementId, $updates = {controlStatus ok|mismatch|none, controlChecks (JSON list),
//         linesTotal?, grossByCurrency? (JSON map), periodStart?, periodEnd?}, $hold (boolean)
// Returns: statement (map)
MATCH (s:Statement {statementId: $statementId})
SET s += $updates,
    s.status = CASE WHEN $hold THEN 'control_mismatch' ELSE s.status END
RETURN s {.*} AS statement
