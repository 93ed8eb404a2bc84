// Mark plays as counted by a cycle: one IN_CYCLE edge per play and line item with the play's
// gross, fee and net (micro-units). MERGE by line item: a re-run writes the same values.
// Writes nothing unless the cycle is Open and still held by this close ($run, its token).
// Params: $cycleId, $run, $rows = [{playId, lineItemId, partnerCode, grossMicro, feeMicro, netMicro}]
// Returns: plays (count)
MATCH (c:RoyaltyCycle {cycleId: $cycleId, status: 'Open', closeRun: $run})
UNWIND $rows AS x
MATCH (p:PlayLog {playId: x.playId})
MERGE (p)-[r:IN_CYCLE {lineItemId: x.lineItemId}]->(c)
SET r.partnerCode = x.partnerCode, r.grossMicro = x.grossMicro, r.feeMicro = x.feeMicro, r.netMicro = x.netMicro
RETURN count(*) AS plays
