// Change some properties of a station (the caller audits before → after).
// Params: $stationId, $changes (map of the properties to set)
// Returns: stationId; no row for an unknown station
MATCH (s:Station {stationId: $stationId})
SET s += $changes, s.updatedAt = datetime()
RETURN s.stationId AS stationId
