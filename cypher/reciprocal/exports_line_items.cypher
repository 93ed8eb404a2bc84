// A partner's line items in a cycle with what a DDEX-DSR report shows of each: the recording's
// duration and the work's composers and publishers as the partner reported them (CLAIMS).
// Params: $cycleId, $partnerCode, $publisherRoles (CWR publisher designation codes: E, AM, PA, SE, ES, AQ)
// Returns: lineItemId, workId, recordingId, isrc, iswc, title, usageCount, durationSeconds,
//          adminFeePercent, grossMicro, feeMicro, netMicro, recordingSeconds, composers,
//          publishers (unsorted) — by line item id
MATCH (:RoyaltyCycle {cycleId: $cycleId})-[:HAS_LINE]->(li:LineItem {partnerCode: $partnerCode})
OPTIONAL MATCH (r:Recording {recordingId: li.recordingId})
OPTIONAL MATCH (w:Work {workId: li.workId})
WITH li, r, w,
     [(p:Participant)-[c:CLAIMS {partnerCode: $partnerCode}]->(w)
      WHERE NOT c.role IN $publisherRoles | p.name] AS composers,
     [(p:Participant)-[c:CLAIMS {partnerCode: $partnerCode}]->(w)
      WHERE c.role IN $publisherRoles | p.name] AS publishers
RETURN li.lineItemId AS lineItemId, li.workId AS workId, li.recordingId AS recordingId,
       coalesce(li.isrc, r.isrc) AS isrc, coalesce(li.iswc, w.iswc) AS iswc,
       coalesce(li.title, r.title, w.title) AS title, li.usageCount AS usageCount,
       li.durationSeconds AS durationSeconds, li.adminFeePercent AS adminFeePercent,
       li.grossMicro AS grossMicro, li.feeMicro AS feeMicro, li.netMicro AS netMicro,
       r.durationSeconds AS recordingSeconds, coalesce(composers, []) AS composers,
       coalesce(publishers, []) AS publishers
ORDER BY lineItemId
