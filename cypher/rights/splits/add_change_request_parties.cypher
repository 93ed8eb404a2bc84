// Add parties whose approval a pending split change request also needs (owners that appeared
// on the asset after it was made); parties already on the request keep their decision.
// Params: $requestId, $parties (participantIds)
// Returns: added (participantIds newly attached)
MATCH (r:SplitChangeRequest {requestId: $requestId})
UNWIND $parties AS pid
MATCH (p:Participant {participantId: pid})
WHERE NOT EXISTS { (r)-[:AFFECTS]->(p) }
CREATE (r)-[:AFFECTS {decision: 'pending', since: datetime()}]->(p)
RETURN collect(pid) AS added
