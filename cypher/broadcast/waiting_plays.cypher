// Plays of a station waiting to be charged again (refused for want of funds or of a tariff),
// in playId order after a cursor.
// Params: $stationId, $statuses, $after (playId cursor, '' to start), $limit
// Returns: playId
MATCH (p:PlayLog)
WHERE p.chargeStatus IN $statuses AND p.stationId = $stationId AND p.status = 'matched' AND p.playId > $after
RETURN p.playId AS playId
ORDER BY playId
LIMIT $limit
