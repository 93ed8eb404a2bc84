// Plays' ISWCs against partners' repertoire (issue 7): the external work of each ISWC — in a
// partner society's repertoire (IN_REPERTOIRE_OF) and OWNed by nobody here. (ISWC is unique on
// Work.)
// Params: $iswcs = ['T-034.524.680-1', …] (display form, distinct)
// Returns: iswc, workId, partnerCode (the smallest code when several) for each external work found
UNWIND $iswcs AS iswc
MATCH (w:Work {iswc: iswc})
WHERE NOT EXISTS { (w)<-[:OWNS]-() }
WITH iswc, w, COLLECT { MATCH (w)-[:IN_REPERTOIRE_OF]->(s:Society) RETURN s.code AS code ORDER BY code } AS partners
WHERE size(partners) > 0
RETURN iswc, w.workId AS workId, partners[0] AS partnerCode
