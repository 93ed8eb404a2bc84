// Advances by id, write-locked and read under the lock (a reversal taking recoupment back).
// Params: $advanceIds
// Returns: advance (all properties); unknown ids return no row
UNWIND $advanceIds AS id
MATCH (a:Advance {advanceId: id})
SET a._lock = true
REMOVE a._lock
RETURN a {.*} AS advance
ORDER BY a.advanceId
