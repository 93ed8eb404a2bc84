// Take a dispute's write lock (by stamping updatedAt) and read its status under that lock, so
// two concurrent status changes cannot both start from the same status.
// Params: $disputeId
// Returns: status; no row when there is no such dispute
MATCH (d:Dispute {disputeId: $disputeId})
SET d.updatedAt = datetime()
RETURN d.status AS status
