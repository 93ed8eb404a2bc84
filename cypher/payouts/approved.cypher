// The approved payouts ready for a payout run, oldest approval first (optionally only those of
// one currency).
// Params: $currency|null
// Returns: payoutId
MATCH (p:Payout {status: 'approved'})
WHERE $currency IS NULL OR p.currency = $currency
RETURN p.payoutId AS payoutId
ORDER BY p.approvedAt, p.payoutId
