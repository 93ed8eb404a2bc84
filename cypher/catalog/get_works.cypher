// Works by id, with their recordings and the writer and publisher shares valid at a date.
// Writers and publishers are not properties of a work: they are the participants holding a
// performance or mechanical OWNS slice with role 'writer' or 'publisher' that is valid at
// $asOf (validFrom <= asOf < validTo, validTo null = open), in any territory.
// Params: $workIds, $asOf (date)
// Returns: work (map: workId, title, iswc, alternateTitles, recordingIds,
//          slices [{participantId, name, ipi, role, rightType, share (millionths of 100 %),
//          territories, excluded, validFrom, validTo, agreementId}] by participant, right type,
//          validFrom), in the order of $workIds; unknown ids return no row
UNWIND $workIds AS wid
MATCH (w:Work {workId: wid})
CALL (w) {
  OPTIONAL MATCH (p:Participant)-[o:OWNS]->(w)
  WHERE o.rightType IN ['performance', 'mechanical'] AND o.role IN ['writer', 'publisher']
    AND o.validFrom <= $asOf AND (o.validTo IS NULL OR $asOf < o.validTo)
  WITH p, o ORDER BY p.participantId, o.rightType, o.validFrom
  RETURN collect(CASE WHEN o IS NULL THEN null ELSE {
    participantId: p.participantId, name: p.name,
    ipi: head([(p)-[:IDENTIFIED_BY]->(i:Identifier {scheme: 'IPI'}) | i.value]),
    role: o.role, rightType: o.rightType, share: o.share, territories: o.territories,
    excluded: coalesce(o.excluded, []), validFrom: o.validFrom, validTo: o.validTo,
    agreementId: o.agreementId} END) AS slices
}
CALL (w) {
  OPTIONAL MATCH (r:Recording)-[:RECORDING_OF]->(w)
  WITH r ORDER BY r.recordingId
  RETURN collect(r.recordingId) AS recordingIds
}
RETURN w {.workId, .title, .iswc, alternateTitles: coalesce(w.alternateTitles, []),
          recordingIds: recordingIds, slices: slices} AS work
