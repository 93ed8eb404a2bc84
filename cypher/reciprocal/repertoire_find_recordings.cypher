// Recordings a repertoire import already knows, by ISRC or by externalRef (the import's synthetic
// '<CODE>:~rec:<title>|<artists>|<work>' for a recording without ISRC), with the works they
// record, the partners whose repertoire holds them, this partner's fingerprint and our own OWNS.
// Params: $code (partner society code), $isrcs, $refs
// Returns: key ('ISRC:<isrc>' or 'REF:<ref>'), recording (map: recordingId, title, isrc,
//          version, durationSeconds, workIds, partners, fingerprint|null, owned)
CALL () {
  UNWIND $isrcs AS isrc
  MATCH (x:Recording {isrc: isrc})
  RETURN 'ISRC:' + isrc AS key, x
  UNION
  UNWIND $refs AS ref
  MATCH (x:Recording {externalRef: ref})
  RETURN 'REF:' + ref AS key, x
}
RETURN key, x {.recordingId, .title, .isrc, .version, .durationSeconds,
  workIds: [(x)-[:RECORDING_OF]->(w:Work) | w.workId],
  partners: [(x)-[:IN_REPERTOIRE_OF]->(s:Society) | s.code],
  fingerprint: head([(x)-[r:IN_REPERTOIRE_OF]->(:Society {code: $code}) | r.fingerprint]),
  owned: EXISTS { (:Participant)-[:OWNS]->(x) }} AS recording
