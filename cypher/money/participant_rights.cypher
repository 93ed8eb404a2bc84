// A page of the works and recordings a participant holds (or held) a share of, with every OWNS
// slice it has on each (history included: superseded and ended slices too) and whether the slice
// is in force on $asOf. Recordings first, then works, by id.
// Params: $participantId, $asOf (date), $skip, $limit
//         e.g. :param participantId => 'PART-000001'; :param asOf => date(); :param skip => 0; :param limit => 50
// Returns: one row (none for an unknown participant): total (assets), items [{assetId, assetKind
//          (recording | work), title, code (ISRC | ISWC), slices [{rightType, share (millionths), role,
//          territories, excluded, validFrom, validTo, agreementId, status, inForce}]}]
MATCH (p:Participant {participantId: $participantId})
CALL (p) {
  MATCH (p)-[:OWNS]->(a)
  WITH DISTINCT a
  RETURN a ORDER BY CASE WHEN a:Recording THEN 0 ELSE 1 END, coalesce(a.recordingId, a.workId)
}
WITH p, collect(a) AS assets
CALL (p, assets) {
  UNWIND assets[$skip..$skip + $limit] AS a
  CALL (p, a) {
    MATCH (p)-[o:OWNS]->(a)
    WITH o ORDER BY o.rightType, o.validFrom, o.share
    RETURN collect({rightType: o.rightType, share: o.share, role: o.role, territories: o.territories,
                    excluded: coalesce(o.excluded, []), validFrom: o.validFrom, validTo: o.validTo,
                    agreementId: o.agreementId, status: o.status,
                    inForce: o.validFrom <= $asOf AND (o.validTo IS NULL OR $asOf < o.validTo)}) AS slices
  }
  RETURN collect({assetId: coalesce(a.recordingId, a.workId),
                  assetKind: CASE WHEN a:Recording THEN 'recording' ELSE 'work' END,
                  title: a.title, code: coalesce(a.isrc, a.iswc), slices: slices}) AS items
}
RETURN size(assets) AS total, items
