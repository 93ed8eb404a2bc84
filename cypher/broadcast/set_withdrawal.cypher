// Change a withdrawal's status and some properties (the caller audits before → after).
// Params: $withdrawalId, $props (map, includes status)
// Returns: withdrawalId
MATCH (w:Withdrawal {withdrawalId: $withdrawalId})
SET w += $props, w.updatedAt = datetime()
RETURN w.withdrawalId AS withdrawalId
