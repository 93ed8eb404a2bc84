// Agreements by id: their properties, parties, covered works/recordings, amendment history and
// (with $withEdges) the OWNS and COLLECTS edges they created, current and superseded.
// Params: $agreementIds, $withEdges (boolean)
// Returns: agreement (map: the Agreement's properties, terms/scope/documents as JSON, plus
//   parties [{participantId, name, role, validFrom, validTo}],
//   covers [{assetId, kind, title, validFrom, validTo}],
//   amendments [{amendmentId, number, effectiveFrom, reason, actor, at, before, after}],
//   edges [{type (OWNS | COLLECTS), participantId (the owner or collector), assetId, rightType,
//           role, share (millionths of 100 %), feePercent, basis, territories, excluded,
//           validFrom, validTo, status}]), in the order of $agreementIds
UNWIND range(0, size($agreementIds) - 1) AS i
MATCH (a:Agreement {agreementId: $agreementIds[i]})
CALL (a) {
  OPTIONAL MATCH (p:Participant)-[r:PARTY_TO]->(a)
  WITH p, r ORDER BY r.validFrom, p.participantId
  RETURN collect(CASE WHEN p IS NOT NULL THEN {participantId: p.participantId, name: p.name, role: r.role,
                                               validFrom: r.validFrom, validTo: r.validTo} END) AS parties
}
CALL (a) {
  OPTIONAL MATCH (a)-[c:COVERS]->(x)
  WITH c, x ORDER BY c.validFrom, coalesce(x.workId, x.recordingId)
  RETURN collect(CASE WHEN x IS NOT NULL THEN {assetId: coalesce(x.workId, x.recordingId),
                      kind: CASE WHEN x:Work THEN 'work' ELSE 'recording' END, title: x.title,
                      validFrom: c.validFrom, validTo: c.validTo} END) AS covers
}
CALL (a) {
  OPTIONAL MATCH (a)-[:AMENDED_BY]->(m:AgreementAmendment)
  WITH m ORDER BY m.number
  RETURN collect(m {.amendmentId, .number, .effectiveFrom, .reason, .actor, .at, .before, .after}) AS amendments
}
CALL (a) {
  OPTIONAL MATCH (a)-[:COVERS]->(x) WHERE $withEdges
  WITH DISTINCT a, x
  OPTIONAL MATCH (x)<-[e:OWNS|COLLECTS]-(holder)
  WHERE e.agreementId = a.agreementId
  WITH e, holder, x
  ORDER BY type(e) DESC, coalesce(x.workId, x.recordingId), e.rightType, e.validFrom,
           coalesce(holder.participantId, holder.code)
  RETURN collect(CASE WHEN e IS NOT NULL THEN {
    type: type(e), participantId: coalesce(holder.participantId, holder.code),
    assetId: coalesce(x.workId, x.recordingId), rightType: e.rightType, role: e.role, share: e.share,
    feePercent: e.feePercent, basis: e.basis, territories: e.territories, excluded: coalesce(e.excluded, []),
    validFrom: e.validFrom, validTo: e.validTo, status: e.status} END) AS edges
}
RETURN a {.*, parties: parties, covers: covers, amendments: amendments, edges: edges} AS agreement
ORDER BY i
