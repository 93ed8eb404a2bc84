// Works a repertoire import already knows, by ISWC, by workId (a fuzzy match) or by externalRef ('<CODE>:<partner's work
// id>' or the import's synthetic '<CODE>:~<title>|<writers>'), with what decides create vs update
// and the conflicts: the partners whose repertoire holds the work, this partner's fingerprint of
// it (IN_REPERTOIRE_OF.fingerprint, the last import's record digest), our own OWNS on it, and
// its recordings.
// Params: $code (partner society code), $iswcs, $workIds, $refs
// Returns: key ('ISWC:<iswc>', 'WORK:<workId>' or 'REF:<ref>'), work (map: workId, title, iswc, externalRef,
//          alternateTitles, partners [codes], fingerprint|null, owned (bool), recordingIds)
CALL () {
  UNWIND $iswcs AS iswc
  MATCH (w:Work {iswc: iswc})
  RETURN 'ISWC:' + iswc AS key, w
  UNION
  UNWIND $workIds AS id
  MATCH (w:Work {workId: id})
  RETURN 'WORK:' + id AS key, w
  UNION
  UNWIND $refs AS ref
  MATCH (w:Work {externalRef: ref})
  RETURN 'REF:' + ref AS key, w
}
RETURN key, w {.workId, .title, .iswc, .externalRef, alternateTitles: coalesce(w.alternateTitles, []),
  partners: [(w)-[:IN_REPERTOIRE_OF]->(s:Society) | s.code],
  fingerprint: head([(w)-[r:IN_REPERTOIRE_OF]->(:Society {code: $code}) | r.fingerprint]),
  owned: EXISTS { (:Participant)-[:OWNS]->(w) },
  recordingIds: [(x:Recording)-[:RECORDING_OF]->(w) | x.recordingId]} AS work
