// The withdrawal a requester made with an idempotency key, if any.
// Params: $requestKey ('<requesterId>:<idempotencyKey>')
// Returns: withdrawal (map); no row when none
MATCH (w:Withdrawal {requestKey: $requestKey})
RETURN w {.*} AS withdrawal
