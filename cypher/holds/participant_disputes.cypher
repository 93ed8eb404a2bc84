// A participant's disputes (raised by it or involving it), each with the asset it is ABOUT, the
// other parties and what the participant has frozen under it in one currency (Σ of its DisputeHolds).
// Params: $participantId, $currency
// Returns: dispute {disputeId, status, reason, rightType, openedAt, updatedAt, closedAt},
//          asset {type ('work' | 'recording'), id, title}, role ('raiser' | 'involved'),
//          counterparties [{participantId, name, role ('raiser' | 'involved')}],
//          frozen (micro-units on hold now), released (micro-units released when it closed)
MATCH (me:Participant {participantId: $participantId})<-[r:RAISED_BY|INVOLVES]-(d:Dispute)-[:ABOUT]->(a)
CALL (d) {
  OPTIONAL MATCH (h:DisputeHold {disputeId: d.disputeId, participantId: $participantId})
  WHERE h.currency = $currency
  RETURN coalesce(sum(h.amount), 0) AS frozen, coalesce(sum(h.released), 0) AS released
}
RETURN d {.disputeId, .status, .reason, .rightType, .openedAt, .updatedAt, .closedAt} AS dispute,
       {type: CASE WHEN a:Work THEN 'work' ELSE 'recording' END, id: coalesce(a.workId, a.recordingId),
        title: a.title} AS asset,
       CASE type(r) WHEN 'RAISED_BY' THEN 'raiser' ELSE 'involved' END AS role,
       COLLECT { MATCH (d)-[x:RAISED_BY|INVOLVES]->(p:Participant) WHERE p <> me
                 RETURN {participantId: p.participantId, name: p.name,
                         role: CASE type(x) WHEN 'RAISED_BY' THEN 'raiser' ELSE 'involved' END} AS party
                 ORDER BY party.participantId } AS counterparties,
       frozen, released
ORDER BY dispute.disputeId DESC
