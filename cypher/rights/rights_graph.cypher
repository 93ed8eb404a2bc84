// The rights neighbourhood of one entity (participant, work, recording or release), ready to
// draw: the entity, the nodes it is linked to by OWNS, COLLECTS, RECORDING_OF, PERFORMS_ON,
// CONTAINS, IDENTIFIED_BY, MEMBER_OF, REGISTERED_WITH, COVERS / PARTY_TO (agreements) or ABOUT
// (disputes), and the owners and collectors of the works and recordings among them (so a
// recording shows its work's publishers and vice versa).
// An edge is `inForce` on $asOf when validFrom <= $asOf < validTo (validTo null = open; an edge
// without dates always is); it is `effective` when in force and, if $territory is given and the
// edge is territory-scoped (OWNS, COLLECTS), when it applies there: $territory is PART_OF* one of
// its territories and of none of its excluded ones (the rule of rights/owners_at).
// Params: $entityId (PART-…, WRK-…, REC-…, REL-…), $asOf (date), $territory (code | null)
// Returns: one row: nodes [{elementId, id (participantId, workId, recordingId, releaseId,
//          Identifier key, Society code, agreementId, disputeId), labels, props}],
//          edges [{id (elementId), type, from, to (elementIds of the end nodes), props, inForce,
//          effective}]; no row when no entity has that id
CALL () {
  MATCH (n:Participant {participantId: $entityId}) RETURN n
  UNION MATCH (n:Work {workId: $entityId}) RETURN n
  UNION MATCH (n:Recording {recordingId: $entityId}) RETURN n
  UNION MATCH (n:Release {releaseId: $entityId}) RETURN n
}
CALL () {
  OPTIONAL MATCH (:Territory {code: $territory})-[:PART_OF*0..]->(anc:Territory)
  RETURN collect(DISTINCT anc.code) AS scope
}
CALL (n) {
  OPTIONAL MATCH (n)-[e:OWNS|COLLECTS|RECORDING_OF|PERFORMS_ON|CONTAINS|IDENTIFIED_BY|MEMBER_OF|REGISTERED_WITH|COVERS|PARTY_TO|ABOUT]-(m)
  RETURN collect(m) AS ms, collect(e) AS es
}
CALL (ms) {
  UNWIND ms AS asset
  WITH DISTINCT asset WHERE asset:Work OR asset:Recording
  MATCH (asset)<-[h:OWNS|COLLECTS]-(holder)
  RETURN collect(holder) AS holders, collect(h) AS holderEdges
}
CALL (n, ms, holders) {
  UNWIND [n] + ms + holders AS x
  RETURN collect(DISTINCT x) AS nodes
}
CALL (es, holderEdges) {
  UNWIND es + holderEdges AS r
  RETURN collect(DISTINCT r) AS edges
}
RETURN [x IN nodes | {elementId: elementId(x), labels: labels(x), props: properties(x),
                      id: coalesce(x.participantId, x.workId, x.recordingId, x.releaseId, x.key, x.code, x.agreementId,
                                  x.disputeId)}] AS nodes,
       [r IN edges | {id: elementId(r), type: type(r), from: elementId(startNode(r)), to: elementId(endNode(r)),
                      props: properties(r), inForce: r.validFrom IS NULL OR (r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)),
                      effective: (r.validFrom IS NULL OR (r.validFrom <= $asOf AND (r.validTo IS NULL OR $asOf < r.validTo)))
                                 AND ($territory IS NULL OR r.territories IS NULL
                                      OR (any(t IN r.territories WHERE t IN scope)
                                          AND none(t IN coalesce(r.excluded, []) WHERE t IN scope)))}] AS edges
