// Split change requests by id, with every party's decision.
// Params: $requestIds
// Returns: request (map: requestId, assetId, rightType, effectiveFrom, status, proposal (JSON),
//          reason, requestedBy, createdAt, closedAt, parties [{participantId, decision,
//          decidedAt, decidedBy, note}] ordered by participantId), in the order of $requestIds
UNWIND range(0, size($requestIds) - 1) AS i
MATCH (r:SplitChangeRequest {requestId: $requestIds[i]})
CALL (r) {
  OPTIONAL MATCH (r)-[a:AFFECTS]->(p:Participant)
  WITH a, p ORDER BY p.participantId
  RETURN collect(CASE WHEN p IS NULL THEN NULL ELSE
    {participantId: p.participantId, decision: a.decision, decidedAt: a.decidedAt, decidedBy: a.decidedBy,
     note: a.note} END) AS parties
}
RETURN r {.requestId, .assetId, .rightType, .effectiveFrom, .status, .proposal, .reason, .requestedBy,
          .createdAt, .closedAt, parties: parties} AS request
ORDER BY i
