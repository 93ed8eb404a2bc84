// Attach an agreement's parties and covered works/recordings from a date:
// (:Participant)-[:PARTY_TO {role, validFrom, validTo}]->(:Agreement)
// (:Agreement)-[:COVERS {validFrom, validTo}]->(:Work|:Recording)
// Params: $agreementId, $parties = [{participantId, role}], $assetIds (workId or recordingId),
//         $validFrom (date), $validTo (date|null)
// Returns: parties, covers (edges created)
MATCH (a:Agreement {agreementId: $agreementId})
CALL (a) {
  UNWIND $parties AS party
  MATCH (p:Participant {participantId: party.participantId})
  CREATE (p)-[:PARTY_TO {role: party.role, validFrom: $validFrom, validTo: $validTo}]->(a)
  RETURN count(*) AS parties
}
CALL (a) {
  UNWIND $assetIds AS aid
  CALL (aid) {
    MATCH (x:Recording {recordingId: aid}) RETURN x
    UNION
    MATCH (x:Work {workId: aid}) RETURN x
  }
  CREATE (a)-[:COVERS {validFrom: $validFrom, validTo: $validTo}]->(x)
  RETURN count(*) AS covers
}
RETURN parties, covers
