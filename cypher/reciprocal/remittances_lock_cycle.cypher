// Take a royalty cycle's write lock and read it under that lock: remittances of one cycle, and
// the cycle's status changes, then run one after the other, each seeing what the previous one
// left. The lock is taken by writing a scratch property (removed at once): `SET c.status =
// c.status` would read the status before waiting for the lock and write that stale value back.
// Params: $cycleId
// Returns: cycle {cycleId, status, currency, period, territory, periodStart, periodEnd};
//          no row for an unknown cycle
MATCH (c:RoyaltyCycle {cycleId: $cycleId})
SET c._lock = true
REMOVE c._lock
RETURN c {.cycleId, .status, .currency, .period, .territory, .periodStart, .periodEnd} AS cycle
