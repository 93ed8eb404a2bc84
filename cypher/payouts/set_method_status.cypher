// Activate or deactivate a payout method (it is never deleted: payouts name it).
// Params: $methodId, $status (active | inactive)
// Returns: methodId
MATCH (m:PayoutMethod {methodId: $methodId})
SET m.status = $status, m.updatedAt = datetime()
RETURN m.methodId AS methodId
