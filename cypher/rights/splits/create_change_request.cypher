// Record a split change request (status pending) about a work or recording, and the parties
// whose approval it needs: (:SplitChangeRequest)-[:ABOUT]->(asset),
// (:SplitChangeRequest)-[:AFFECTS {decision: 'pending'}]->(:Participant).
// Params: $request = {requestId, assetId, rightType, effectiveFrom (date), proposal (JSON),
//                     reason, requestedBy}, $parties (participantIds)
// Returns: requestId
CALL () {
  MATCH (a:Recording {recordingId: $request.assetId}) RETURN a
  UNION
  MATCH (a:Work {workId: $request.assetId}) RETURN a
}
CREATE (r:SplitChangeRequest {requestId: $request.requestId, assetId: $request.assetId,
                              rightType: $request.rightType, effectiveFrom: $request.effectiveFrom,
                              status: 'pending', proposal: $request.proposal, reason: $request.reason,
                              requestedBy: $request.requestedBy, createdAt: datetime()})
CREATE (r)-[:ABOUT]->(a)
WITH r
CALL (r) {
  UNWIND $parties AS pid
  MATCH (p:Participant {participantId: pid})
  CREATE (r)-[:AFFECTS {decision: 'pending', since: datetime()}]->(p)
}
RETURN r.requestId AS requestId
