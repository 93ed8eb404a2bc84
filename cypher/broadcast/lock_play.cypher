// Take a play's write lock and read it (and how many attributions it has) under the lock.
// Params: $playId
// Returns: play (map), attributions (count); no row for an unknown play
MATCH (p:PlayLog {playId: $playId})
SET p.chargeCheckedAt = datetime()
RETURN p {.*} AS play, COUNT { (p)-[:ATTRIBUTED]->(:UsageAttribution) } AS attributions
