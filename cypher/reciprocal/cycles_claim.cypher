// Take an Open cycle's write lock for a close run: the run's token is written, so a
// concurrent close of the same cycle is noticed (its token replaces this one).
// Params: $cycleId, $run (token of the close run)
// Returns: status (nothing when the cycle does not exist)
MATCH (c:RoyaltyCycle {cycleId: $cycleId})
SET c.closeRun = CASE WHEN c.status = 'Open' THEN $run ELSE c.closeRun END
RETURN c.status AS status
