// The plays a cycle close counts, for some of its stations: charged in the cycle's currency,
// local date in [$periodStart, $periodEnd), with a part of their allocation routed to a
// partner society (via 'reciprocal'), and not counted by another closed (not Open) cycle.
// Params: $stationIds, $periodStart (date), $periodEnd (date, exclusive), $currency
// Returns: playId, recordingId, durationSeconds, tariffId, allocation (JSON) — by station, time
UNWIND $stationIds AS sid
MATCH (p:PlayLog {stationId: sid})
WHERE p.chargeStatus = 'charged' AND p.currency = $currency
  AND p.localDate >= $periodStart AND p.localDate < $periodEnd
  AND p.allocation CONTAINS '"via": "reciprocal"'
  AND NOT EXISTS { (p)-[:IN_CYCLE]->(other:RoyaltyCycle) WHERE other.status <> 'Open' }
RETURN p.playId AS playId, p.recordingId AS recordingId, p.durationSeconds AS durationSeconds,
       p.tariffId AS tariffId, p.allocation AS allocation
ORDER BY sid, p.playedAt, p.playId
