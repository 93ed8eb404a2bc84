// A page of a partner's repertoire: its works (with ISWC and the partner's writers and
// publishers) or its recordings (with ISRC and the works they record), by title; $q filters
// on a title or alternate title containing it (case-insensitive) or an equal ISWC / ISRC.
// Params: $code (partner society code), $kind ('work' | 'recording'), $q|null, $skip, $limit
// Returns: items (list of maps: id, kind, title, iswc, isrc, since, updatedAt, importId,
//          lastImportId, claims [{participantId, name, role, prShare, mrShare, srShare}],
//          workIds), total
MATCH (s:Society {code: $code})
MATCH (a)-[rep:IN_REPERTOIRE_OF]->(s)
WHERE (($kind = 'work' AND a:Work) OR ($kind = 'recording' AND a:Recording))
  AND ($q IS NULL OR toLower(a.title) CONTAINS toLower($q)
       OR any(t IN coalesce(a.alternateTitles, []) WHERE toLower(t) CONTAINS toLower($q))
       OR a.iswc = toUpper($q) OR a.isrc = toUpper($q))
WITH a, rep ORDER BY a.title, coalesce(a.workId, a.recordingId)
WITH collect({a: a, rep: rep}) AS rows
CALL (rows) {
  UNWIND rows[$skip..$skip + $limit] AS row
  WITH row.a AS a, row.rep AS rep
  RETURN collect({id: coalesce(a.workId, a.recordingId), kind: $kind, title: a.title, iswc: a.iswc, isrc: a.isrc,
    since: rep.since, updatedAt: rep.updatedAt, importId: rep.importId, lastImportId: rep.lastImportId,
    claims: [(p:Participant)-[c:CLAIMS {partnerCode: $code}]->(a) |
             {participantId: p.participantId, name: p.name, role: c.role, prShare: c.prShare, mrShare: c.mrShare,
              srShare: c.srShare}],
    workIds: [(a)-[:RECORDING_OF]->(w:Work) | w.workId]}) AS items
}
RETURN items, size(rows) AS total
