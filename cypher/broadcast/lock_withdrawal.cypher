// Take a withdrawal's write lock (stamping updatedAt) and read it under the lock, so two
// decisions cannot both start from pending.
// Params: $withdrawalId
// Returns: withdrawal (map); no row for an unknown id
MATCH (w:Withdrawal {withdrawalId: $withdrawalId})
SET w.updatedAt = datetime()
RETURN w {.*} AS withdrawal
