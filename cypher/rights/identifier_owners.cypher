// Which entities already hold these identifiers? (duplicate check before a write)
// A society member id counts whether it is held as an Identifier node (scheme = society code)
// or as the memberId of a MEMBER_OF membership of that society.
// Params: $ids = [{scheme: 'ISRC', value: 'GHA0C2400001'}, {scheme: 'IPI', value: '00123456789'}, …]
// Returns: scheme, value, entityId (participantId / recordingId / workId / releaseId)
UNWIND $ids AS k
CALL (k) {
  MATCH (:Identifier {key: k.scheme + ':' + k.value})<-[:IDENTIFIED_BY]-(p:Participant)
  RETURN p.participantId AS entityId
  UNION
  MATCH (p:Participant)-[:MEMBER_OF {memberId: k.value}]->(:Society {code: k.scheme})
  RETURN p.participantId AS entityId
  UNION
  MATCH (r:Recording {isrc: k.value}) WHERE k.scheme = 'ISRC' RETURN r.recordingId AS entityId
  UNION
  MATCH (w:Work {iswc: k.value}) WHERE k.scheme = 'ISWC' RETURN w.workId AS entityId
  UNION
  MATCH (x:Release {upc: k.value}) WHERE k.scheme = 'UPC' RETURN x.releaseId AS entityId
}
RETURN k.scheme AS scheme, k.value AS value, entityId
