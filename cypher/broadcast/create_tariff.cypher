// Record a tariff version and end the version of the same band it follows (validTo = its
// start, status superseded); nothing is deleted.
// Params: $tariff = {tariffId, stationClass, usageType, band, timeFrom, timeTo, basis, rateMicro,
//                    currency, rightSplit (JSON), validFrom (date), createdBy}, $previousId (nullable)
// Returns: tariffId
OPTIONAL MATCH (old:Tariff {tariffId: $previousId})
SET old.validTo = $tariff.validFrom, old.status = 'superseded'
CREATE (t:Tariff)
SET t = $tariff, t.status = 'active', t.validTo = null, t.createdAt = datetime()
RETURN t.tariffId AS tariffId
