// Active advances of participants in one currency (what allocation recoups), write-locked and read
// under the lock, so concurrent allocations recoup one after the other, each from what the
// previous left; a row may read status 'recouped' when another transaction recouped it meanwhile.
// Params: $participantIds, $currency
// Returns: advance (all properties)
UNWIND $participantIds AS pid
MATCH (a:Advance {participantId: pid})
WHERE a.status = 'active' AND a.currency = $currency
SET a._lock = true
REMOVE a._lock
RETURN a {.*} AS advance
ORDER BY a.advanceId
