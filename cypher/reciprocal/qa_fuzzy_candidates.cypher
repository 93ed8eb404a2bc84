// Candidates for fuzzy title + artist matching of plays against partners' repertoire (issue 7,
// app/services/external_attribution.py through fuzzy_pool.FuzzyPool): external recordings (in a
// partner's repertoire, OWNed by nobody here) named by their primary performers (all performers
// when none is primary), and external works with no recording at all, named by their writers
// (CLAIMS by a participant of kind writer). A work with a recording is matched through it: as a
// candidate beside its own recording it would only make every match of the song ambiguous (two
// ids, one song) and send it to review. The blocking filter is the cheap superset
// of attribution/fuzzy_candidates.cypher (first or second character of any word of a name);
// Python applies the exact blocking. Reads the whole external repertoire (no index applies),
// unordered: a million rows sorted would sit in the server's heap, and fuzzy_match breaks ties
// by id itself.
// Params: $keys = ['w', 'b', …]
// Returns: recordingId (a recordingId or a workId), title, version, isrc, artists (names)
CALL () {
  MATCH (r:Recording)-[:IN_REPERTOIRE_OF]->(:Society)
  WHERE NOT EXISTS { (r)<-[:OWNS]-() }
  WITH DISTINCT r
  WITH r, COLLECT { MATCH (p:Participant)-[on:PERFORMS_ON]->(r) RETURN {name: p.name, primary: on.role = 'primary'} AS x } AS perfs
  WITH r, [x IN perfs WHERE x.primary | x.name] AS primaries, [x IN perfs | x.name] AS everyone
  RETURN r.recordingId AS id, r.title AS title, r.version AS version, r.isrc AS isrc,
         CASE WHEN size(primaries) > 0 THEN primaries ELSE everyone END AS artists
  UNION ALL
  MATCH (w:Work)-[:IN_REPERTOIRE_OF]->(:Society)
  WHERE NOT EXISTS { (w)<-[:OWNS]-() } AND NOT EXISTS { (:Recording)-[:RECORDING_OF]->(w) }
  WITH DISTINCT w
  RETURN w.workId AS id, w.title AS title, null AS version, null AS isrc,
         COLLECT { MATCH (p:Participant)-[:CLAIMS]->(w) WHERE 'writer' IN coalesce(p.kinds, [])
                   RETURN DISTINCT p.name AS name } AS artists
}
WITH id, title, version, isrc, artists
WHERE any(name IN artists WHERE any(w IN split(toLower(normalize(coalesce(name, ''), NFKD)), ' ')
          WHERE left(w, 1) IN $keys OR substring(w, 1, 1) IN $keys))
RETURN id AS recordingId, title, version, isrc, artists
