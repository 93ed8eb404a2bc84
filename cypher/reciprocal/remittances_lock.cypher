// Take a remittance's write lock and read it under that lock: two concurrent status changes
// cannot both start from the same status, so only one of two simultaneous "Sent" posts its
// journal entry. The lock is taken by writing a scratch property (removed at once): `SET
// r.status = r.status` would read the status before waiting for the lock and write it back stale.
// Params: $remittanceId
// Returns: remittance (every property); no row for an unknown remittance
MATCH (r:Remittance {remittanceId: $remittanceId})
SET r._lock = true
REMOVE r._lock
RETURN r {.*} AS remittance
