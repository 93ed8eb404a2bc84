// Before a registration is written: what $assetId is (a work or a recording), the society
// $societyCode, and the REGISTERED_WITH edge between them if there is one.
// Params: $assetId (WRK-… or REC-…), $societyCode (e.g. 'BMI', 'SX')
// Returns: one row: assetKind ('work' | 'recording' | null when no such asset),
//          society {code, name, type, country} | null, registration (the edge's properties) | null
OPTIONAL MATCH (w:Work {workId: $assetId})
OPTIONAL MATCH (r:Recording {recordingId: $assetId})
OPTIONAL MATCH (s:Society {code: $societyCode})
WITH coalesce(w, r) AS a, s
OPTIONAL MATCH (a)-[reg:REGISTERED_WITH]->(s)
RETURN CASE WHEN a:Work THEN 'work' WHEN a:Recording THEN 'recording' END AS assetKind,
       s {.code, .name, .type, .country} AS society, properties(reg) AS registration
