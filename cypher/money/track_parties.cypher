// A recording, its works, and who is on it on $asOf: the OWNS slices in force on the recording and
// on its works (RECORDING_OF), and its performers (PERFORMS_ON).
// Params: $recordingId, $asOf (date)
//         e.g. :param recordingId => 'REC-000001'; :param asOf => date()
// Returns: one row (none for an unknown recording): recording {recordingId, title, isrc},
//          works [{workId, title, iswc}], owns [{participantId, name, assetId, assetKind, rightType,
//          share (millionths), role, territories, excluded, validFrom, validTo, agreementId}],
//          performers [{participantId, name, role}]
MATCH (r:Recording {recordingId: $recordingId})
OPTIONAL MATCH (r)-[:RECORDING_OF]->(w:Work)
WITH r, collect(DISTINCT w) AS works
CALL (r, works) {
  UNWIND [r] + works AS a
  MATCH (p:Participant)-[o:OWNS]->(a)
  WHERE o.validFrom <= $asOf AND (o.validTo IS NULL OR $asOf < o.validTo)
  WITH p, o, a ORDER BY p.participantId, o.rightType, o.validFrom
  RETURN collect({participantId: p.participantId, name: p.name, assetId: coalesce(a.recordingId, a.workId),
                  assetKind: CASE WHEN a:Recording THEN 'recording' ELSE 'work' END, rightType: o.rightType,
                  share: o.share, role: o.role, territories: o.territories, excluded: coalesce(o.excluded, []),
                  validFrom: o.validFrom, validTo: o.validTo, agreementId: o.agreementId}) AS owns
}
CALL (r) {
  MATCH (p:Participant)-[pf:PERFORMS_ON]->(r)
  WITH p, pf ORDER BY p.participantId
  RETURN collect({participantId: p.participantId, name: p.name, role: coalesce(pf.role, 'performer')}) AS performers
}
RETURN r {.recordingId, .title, .isrc} AS recording,
       [w IN works | w {.workId, .title, .iswc}] AS works, owns, performers
