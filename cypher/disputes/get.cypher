// Disputes by id: their properties, the work or recording they are ABOUT, who raised them, who
// they involve, and their audit trail (opening and every status change, oldest first).
// Params: $disputeIds
// Returns: dispute {disputeId, status, reason, rightType, origin, issueId, openedAt, updatedAt,
//          closedAt, assetId, assetKind ('work' | 'recording'), raisedBy (participantId|null),
//          involves [participantId]}, history [{auditId, at, actor, action, before, after (JSON)}]
UNWIND $disputeIds AS id
MATCH (d:Dispute {disputeId: id})-[:ABOUT]->(a)
OPTIONAL MATCH (d)-[:RAISED_BY]->(r:Participant)
RETURN d {.disputeId, .status, .reason, .rightType, .origin, .issueId, .openedAt, .updatedAt, .closedAt,
          assetId: coalesce(a.workId, a.recordingId), assetKind: CASE WHEN a:Work THEN 'work' ELSE 'recording' END,
          raisedBy: r.participantId,
          involves: COLLECT { MATCH (d)-[:INVOLVES]->(p:Participant) RETURN p.participantId ORDER BY p.participantId }
         } AS dispute,
       COLLECT { MATCH (e:AuditEvent {entityId: d.disputeId})
                 RETURN e {.auditId, .at, .actor, .action, .before, .after} ORDER BY e.auditId } AS history
ORDER BY d.disputeId
