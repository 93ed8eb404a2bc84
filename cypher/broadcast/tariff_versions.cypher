// The tariff versions of a station class and usage type (every band), latest first; takes the
// write lock of each, so two concurrent new versions of one band cannot both close the same one.
// Params: $stationClass, $usageType
// Returns: tariff (map of its properties)
MATCH (t:Tariff {stationClass: $stationClass})
WHERE t.usageType = $usageType
SET t.lockedAt = datetime()
RETURN t {.*} AS tariff
ORDER BY t.validFrom DESC, t.tariffId DESC
