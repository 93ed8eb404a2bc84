// What pending withdrawals reserve on a pool account.
// Params: $accountId
// Returns: pending (Σ amountMicro of its pending withdrawals)
OPTIONAL MATCH (w:Withdrawal {poolAccountId: $accountId, status: 'pending'})
RETURN coalesce(sum(w.amountMicro), 0) AS pending
