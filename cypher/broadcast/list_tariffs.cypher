// Tariff versions by station class, usage type, band and start, filtered by each parameter
// that is not null; with $asOf, only the versions in force that day.
// Params: $stationClass, $usageType, $asOf (date), $skip, $limit (nullable filters)
// Returns: tariffs (the page, maps of their properties), total
MATCH (t:Tariff)
WHERE ($stationClass IS NULL OR t.stationClass = $stationClass)
  AND ($usageType IS NULL OR t.usageType = $usageType)
  AND ($asOf IS NULL OR (t.validFrom <= $asOf AND (t.validTo IS NULL OR $asOf < t.validTo)))
WITH t ORDER BY t.stationClass, t.usageType, t.band, t.validFrom, t.tariffId
WITH collect(t {.*}) AS versions
RETURN versions[$skip..$skip + $limit] AS tariffs, size(versions) AS total
