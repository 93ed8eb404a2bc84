// Open disputes: each ABOUT a work or recording, RAISED_BY a participant (none when the
// validator opened it) and INVOLVING participants; status 'open'.
// Params: $disputes = [{disputeId, assetId, rightType|null, reason, origin ('manual' | 'validator'),
//                       raisedBy (participantId|null), involves [participantId], issueId|null}]
// Returns: disputeId, one row per dispute created (none when its asset does not exist)
UNWIND $disputes AS d
CALL (d) {
  MATCH (a:Recording {recordingId: d.assetId}) RETURN a
  UNION
  MATCH (a:Work {workId: d.assetId}) RETURN a
}
CREATE (x:Dispute {disputeId: d.disputeId, status: 'open', reason: d.reason, rightType: d.rightType,
                   origin: d.origin, issueId: d.issueId, openedAt: datetime(), updatedAt: datetime()})
CREATE (x)-[:ABOUT]->(a)
WITH d, x
CALL (d, x) {
  MATCH (p:Participant {participantId: d.raisedBy})
  CREATE (x)-[:RAISED_BY]->(p)
}
CALL (d, x) {
  UNWIND d.involves AS pid
  MATCH (p:Participant {participantId: pid})
  CREATE (x)-[:INVOLVES]->(p)
}
RETURN d.disputeId AS disputeId
