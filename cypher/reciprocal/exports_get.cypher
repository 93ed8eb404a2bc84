// Partner reports (Export nodes) by id.
// Params: $exportIds (list of EXP-… ids)
// Returns: export (the node's properties) — one row per export found
UNWIND $exportIds AS exportId
MATCH (e:Export {exportId: exportId})
RETURN properties(e) AS export
