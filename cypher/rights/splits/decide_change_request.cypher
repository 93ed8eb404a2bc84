// Record one party's decision on a split change request.
// Params: $requestId, $participantId, $decision (approved | rejected), $decidedBy (username),
//         $note
// Returns: decision (as now stored); no row when the participant is not a party to it
MATCH (:SplitChangeRequest {requestId: $requestId})-[a:AFFECTS]->(:Participant {participantId: $participantId})
SET a.decision = $decision, a.decidedAt = datetime(), a.decidedBy = $decidedBy, a.note = $note
RETURN a.decision AS decision
