// The payout a participant requested with an idempotency key, if any.
// Params: $requestKey ('<participantId>:<idempotencyKey>')
// Returns: payoutId (no row when none)
MATCH (p:Payout {requestKey: $requestKey})
RETURN p.payoutId AS payoutId
