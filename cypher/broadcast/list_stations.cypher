// A page of stations in id order, filtered by each parameter that is not null, and the total.
// Params: $skip, $limit, $stationClass, $country, $licenceStatus (each nullable)
// Returns: stationIds (the page), total
MATCH (s:Station)
WHERE ($stationClass IS NULL OR s.stationClass = $stationClass)
  AND ($country IS NULL OR s.country = $country)
  AND ($licenceStatus IS NULL OR s.licenceStatus = $licenceStatus)
WITH s ORDER BY s.stationId
WITH collect(s.stationId) AS ids
RETURN ids[$skip..$skip + $limit] AS stationIds, size(ids) AS total
