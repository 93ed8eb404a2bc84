// Move a split change request to a final status (rejected | applied), stamping closedAt.
// Params: $requestId, $status
// Returns: status
MATCH (r:SplitChangeRequest {requestId: $requestId})
SET r.status = $status, r.closedAt = datetime()
RETURN r.status AS status
