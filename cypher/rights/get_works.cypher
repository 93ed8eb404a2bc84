// Works by id (for the API).
// Params: $workIds
// Returns: work (map)
UNWIND $workIds AS wid
MATCH (w:Work {workId: wid})
RETURN w {.workId, .title, .iswc, .alternateTitles} AS work
