// Write a cycle's line items, each linked FOR its work (and recording), with the work's ISWC
// and title and the recording's ISRC. MERGE by lineItemId: a re-run writes the same values.
// Writes nothing unless the cycle is Open and still held by this close ($run, its token).
// Params: $cycleId, $run, $lines = [{lineItemId, partnerCode, agreementId, workId, recordingId,
//         usageCount, durationSeconds, grossMicro, feeMicro, netMicro, adminFeePercent,
//         currency, notes}]
// Returns: lines (count)
MATCH (c:RoyaltyCycle {cycleId: $cycleId, status: 'Open', closeRun: $run})
UNWIND $lines AS x
MERGE (li:LineItem {lineItemId: x.lineItemId})
SET li += x, li.cycleId = $cycleId
MERGE (c)-[:HAS_LINE]->(li)
WITH li, x
OPTIONAL MATCH (w:Work {workId: x.workId})
OPTIONAL MATCH (r:Recording {recordingId: x.recordingId})
SET li.iswc = w.iswc, li.title = coalesce(w.title, r.title), li.isrc = r.isrc
FOREACH (_ IN CASE WHEN w IS NULL THEN [] ELSE [1] END | MERGE (li)-[:FOR]->(w))
FOREACH (_ IN CASE WHEN r IS NULL THEN [] ELSE [1] END | MERGE (li)-[:FOR]->(r))
RETURN count(*) AS lines
