// Take a split change request's write lock (stamping updatedAt) before its decisions are read,
// so two parties deciding at once are serialized and the last approval always applies it.
// Params: $requestId
// Returns: requestId; no row for an unknown request
MATCH (r:SplitChangeRequest {requestId: $requestId})
SET r.updatedAt = datetime()
RETURN r.requestId AS requestId
