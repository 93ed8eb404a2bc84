// The rights neighbourhood of one entity (participant, work, recording or release), with the
// ownership slices valid at $asOf marked `effective`.
// Params: $entityId (PART-…, WRK-…, REC-…, REL-…), $asOf (date)
// Returns: one row: nodes [{id, labels, props}], edges [{type, from, to, props, effective}]
CALL () {
  MATCH (n:Participant {participantId: $entityId}) RETURN n
  UNION MATCH (n:Work {workId: $entityId}) RETURN n
  UNION MATCH (n:Recording {recordingId: $entityId}) RETURN n
  UNION MATCH (n:Release {releaseId: $entityId}) RETURN n
}
OPTIONAL MATCH (n)-[e:OWNS|RECORDING_OF|PERFORMS_ON|CONTAINS|IDENTIFIED_BY]-(m)
WITH n, collect(DISTINCT m) AS ms, collect(DISTINCT e) AS es
// owners of the neighbouring assets, so a recording shows its work's publishers and vice versa
CALL (ms) {
  UNWIND ms AS asset
  WITH asset WHERE asset:Work OR asset:Recording
  MATCH (asset)<-[o2:OWNS]-(owner:Participant)
  RETURN collect(DISTINCT owner) AS owners, collect(DISTINCT o2) AS ownerEdges
}
WITH n, ms + owners AS nodes, es + ownerEdges AS edges
WITH n, nodes, edges, $asOf AS asOf
RETURN [x IN [n] + nodes WHERE x IS NOT NULL |
          {id: coalesce(x.participantId, x.workId, x.recordingId, x.releaseId, x.key),
           labels: labels(x), props: properties(x)}] AS nodes,
       [r IN edges WHERE r IS NOT NULL |
          {type: type(r),
           from: coalesce(startNode(r).participantId, startNode(r).workId, startNode(r).recordingId, startNode(r).releaseId),
           to: coalesce(endNode(r).participantId, endNode(r).workId, endNode(r).recordingId, endNode(r).releaseId, endNode(r).key),
           props: properties(r),
          effective: type(r) <> 'OWNS' OR (r.validFrom <= asOf AND (r.validTo IS NULL OR asOf < r.validTo))}] AS edges
