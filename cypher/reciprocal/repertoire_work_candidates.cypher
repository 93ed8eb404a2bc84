// The fuzzy fallback's candidates for works that came without a known ISWC: the works of the
// partner's repertoire claimed (CLAIMS of this partner) by one of the given writers — blocking
// by writer keeps the comparison small — with each candidate's writers as the partner reported
// them.
// Params: $code (partner society code), $ipis (writers' IPI name numbers), $refs (externalRefs
//         of writers known by name only), $writerRoles (CWR writer designation codes)
// Returns: workId, title, iswc, externalRef, writers [{ipi|null, name}]
CALL () {
  UNWIND $ipis AS ipi
  MATCH (:Identifier {key: 'IPI:' + ipi})<-[:IDENTIFIED_BY]-(p:Participant)
  RETURN p
  UNION
  UNWIND $refs AS ref
  MATCH (p:Participant {externalRef: ref})
  RETURN p
}
// (a partner's CLAIMS exist on its repertoire's works only: no need to anchor on the dense Society)
MATCH (p)-[:CLAIMS {partnerCode: $code}]->(w:Work)
WITH DISTINCT w
CALL (w) {
  MATCH (q:Participant)-[c:CLAIMS {partnerCode: $code}]->(w)
  WHERE c.role IN $writerRoles
  RETURN collect({ipi: head([(q)-[:IDENTIFIED_BY]->(i:Identifier {scheme: 'IPI'}) | i.value]),
                  name: q.name}) AS writers
}
RETURN w.workId AS workId, w.title AS title, w.iswc AS iswc, w.externalRef AS externalRef, writers
