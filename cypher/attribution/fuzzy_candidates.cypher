// Candidate recordings for fuzzy title + artist matching (app/services/matching.py), for a set
// of blocking keys: the first letters of the batch's normalized artist names. The filter here
// is a cheap superset (first or second character of any word of an artist name, NFKD-folded,
// lower-cased); Python applies the exact blocking. Artists are the primary performers, or all
// performers when none is primary. Reads every Recording with a performer (no index applies):
// fine for catalogs of ~10^5 recordings once per batch; beyond that, store a `matchKey` list
// on Recording at import and index it. Only the local catalog: a recording that is in a partner
// society's repertoire (IN_REPERTOIRE_OF) and that nobody OWNS here is external (issue 7: plays
// are matched to it after the local catalog, cypher/reciprocal/qa_fuzzy_candidates.cypher).
// Params: $keys = ['w', 'b', …]
// Returns: recordingId, title, version, isrc, artists (list of names)
MATCH (p:Participant)-[on:PERFORMS_ON]->(r:Recording)
WHERE NOT (EXISTS { (r)-[:IN_REPERTOIRE_OF]->() } AND NOT EXISTS { (r)<-[:OWNS]-() })
WITH r, collect({name: p.name, primary: on.role = 'primary'}) AS perfs
WITH r, [x IN perfs WHERE x.primary | x.name] AS primaries, [x IN perfs | x.name] AS everyone
WITH r, CASE WHEN size(primaries) > 0 THEN primaries ELSE everyone END AS artists
WHERE any(name IN artists WHERE any(w IN split(toLower(normalize(coalesce(name, ''), NFKD)), ' ')
          WHERE left(w, 1) IN $keys OR substring(w, 1, 1) IN $keys))
RETURN r.recordingId AS recordingId, r.title AS title, r.version AS version, r.isrc AS isrc, artists
ORDER BY recordingId
