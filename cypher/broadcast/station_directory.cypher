// Every station, as play-log intake resolves the station a row names (by id, stream id or name).
// Params: none
// Returns: stationId, name, streamIds, stationClass, country, timezone, currency
MATCH (s:Station)
RETURN s.stationId AS stationId, s.name AS name, coalesce(s.streamIds, []) AS streamIds,
       s.stationClass AS stationClass, s.country AS country, s.timezone AS timezone, s.currency AS currency
ORDER BY stationId
