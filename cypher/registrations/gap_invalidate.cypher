// Mark registration-gap flags stale after a write to the facts behind them (registrations,
// ownership, performers, country, memberships): the flags of $participantIds, of every
// participant that owns or performs on one of $assetIds or of the assets $agreementIds cover
// (ownership edges are never deleted, so earlier owners are reached too). Each of those
// participants is locked until the writer commits (its id set to itself, as gap_lock does), so a
// refresh cannot store a flag computed before the write.
// Params: $participantIds, $assetIds (work / recording ids), $agreementIds
// Returns: invalidated (count of flags marked stale)
CALL () {
  UNWIND $participantIds AS pid
  MATCH (p:Participant {participantId: pid})
  RETURN p
  UNION
  UNWIND $assetIds AS aid
  CALL (aid) {
    MATCH (a:Work {workId: aid}) RETURN a
    UNION
    MATCH (a:Recording {recordingId: aid}) RETURN a
  }
  MATCH (p:Participant)-[:OWNS|PERFORMS_ON]->(a)
  RETURN p
  UNION
  UNWIND $agreementIds AS agreementId
  MATCH (:Agreement {agreementId: agreementId})-[:COVERS]->(a)<-[:OWNS|PERFORMS_ON]-(p:Participant)
  RETURN p
}
SET p.participantId = p.participantId
WITH p
OPTIONAL MATCH (g:RegistrationGap {participantId: p.participantId})
SET g.stale = true
RETURN count(g) AS invalidated
