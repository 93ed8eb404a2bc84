// Plays the given stations still owe for want of funds (read through the chargeStatus index:
// such plays are few).
// Params: $stationIds
// Returns: stationId, plays (count with chargeStatus insufficient_funds); stations owing none
//          have no row
MATCH (p:PlayLog {chargeStatus: 'insufficient_funds'})
WHERE p.stationId IN $stationIds
RETURN p.stationId AS stationId, count(p) AS plays
