// Plays' ISRCs against the catalog, telling the local catalog from partners' repertoire (issue 7):
// a recording in a partner society's repertoire (IN_REPERTOIRE_OF) that nobody OWNS here is
// external; any other recording is local. (ISRC is unique on Recording.)
// Params: $isrcs = ['USRC17607839', …] (normalized, distinct)
// Returns: isrc, recordingId, local (bool), partnerCode (external: the partner society's code,
//          the smallest when several; null when local) for each ISRC found
UNWIND $isrcs AS isrc
MATCH (r:Recording {isrc: isrc})
WITH isrc, r, COLLECT { MATCH (r)-[:IN_REPERTOIRE_OF]->(s:Society) RETURN s.code AS code ORDER BY code } AS partners
WITH isrc, r, partners, size(partners) = 0 OR EXISTS { (r)<-[:OWNS]-() } AS local
RETURN isrc, r.recordingId AS recordingId, local, CASE WHEN local THEN null ELSE partners[0] END AS partnerCode
