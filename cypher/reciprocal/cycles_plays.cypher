// The plays a Locked cycle counted for one partner, for some of its stations, with what a
// partner's report shows: station, time, ISRC/ISWC, title, artist, duration, the detection's
// attribution confidence, and the play's gross, fee and net (micro-units).
// Params: $cycleId, $partnerCode, $stationIds
// Returns: playId, stationId, stationName, playedAt, isrc, iswc, title, artist, durationSeconds,
//          confidence, grossMicro, feeMicro, netMicro, lineItemId, workId, recordingId
//          — by station, time, play, line item
MATCH (c:RoyaltyCycle {cycleId: $cycleId})
UNWIND $stationIds AS sid
MATCH (s:Station {stationId: sid})
MATCH (p:PlayLog {stationId: sid})-[r:IN_CYCLE {partnerCode: $partnerCode}]->(c)
WHERE p.localDate >= c.periodStart AND p.localDate < c.periodEnd
MATCH (li:LineItem {lineItemId: r.lineItemId})
OPTIONAL MATCH (p)-[:ATTRIBUTED]->(a:UsageAttribution {status: 'current'})
RETURN p.playId AS playId, sid AS stationId, s.name AS stationName, p.playedAt AS playedAt,
       coalesce(li.isrc, p.isrc) AS isrc, li.iswc AS iswc, coalesce(p.title, li.title) AS title,
       p.artist AS artist, p.durationSeconds AS durationSeconds, a.confidence AS confidence,
       r.grossMicro AS grossMicro, r.feeMicro AS feeMicro, r.netMicro AS netMicro,
       r.lineItemId AS lineItemId, li.workId AS workId, li.recordingId AS recordingId
ORDER BY stationId, playedAt, playId, lineItemId
