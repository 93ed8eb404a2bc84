// Put works in a partner's repertoire and replace the partner's claims on them: MERGE
// IN_REPERTOIRE_OF (importId/since kept from the first import; lastImportId, updatedAt and the
// record's fingerprint refreshed), then the partner's CLAIMS on each work are replaced by the
// file's (a partner's current statement of ownership; our own OWNS are never touched).
// Params: $code (partner society code), $importId, $rows = [{workId, fingerprint, claims:
//         [{participantId, role, prShare, mrShare, srShare (int millionths of 100 %),
//           prSociety, mrSociety, srSociety, controlled}]}]
// Returns: workId, added (true when the work entered the repertoire now), claims (count written)
MATCH (s:Society {code: $code})
UNWIND $rows AS r
MATCH (w:Work {workId: r.workId})
MERGE (w)-[rep:IN_REPERTOIRE_OF]->(s)
ON CREATE SET rep.importId = $importId, rep.since = datetime(), rep.added = true
SET rep.lastImportId = $importId, rep.updatedAt = datetime(), rep.fingerprint = r.fingerprint
WITH r, w, rep, coalesce(rep.added, false) AS added
REMOVE rep.added
WITH r, w, added
CALL (w) {
  MATCH (:Participant)-[old:CLAIMS {partnerCode: $code}]->(w)
  DELETE old
}
CALL (w, r) {
  UNWIND r.claims AS c
  MATCH (p:Participant {participantId: c.participantId})
  CREATE (p)-[:CLAIMS {role: c.role, prShare: c.prShare, mrShare: c.mrShare, srShare: c.srShare,
                       prSociety: c.prSociety, mrSociety: c.mrSociety, srSociety: c.srSociety,
                       controlled: c.controlled, partnerCode: $code, importId: $importId}]->(w)
  RETURN count(*) AS claims
}
RETURN w.workId AS workId, added, claims
