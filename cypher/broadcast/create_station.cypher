// Record a licensed station (its pre-funded account is opened by app.services.ledger).
// Params: $station = {stationId, name, stationClass, country, timezone, streamIds, licenceStatus,
//                     licenceNumber, licenceValidFrom, licenceValidTo, coverage, currency,
//                     fundsPolicy, creditLimitMicro, accountId}
// Returns: stationId
CREATE (s:Station)
SET s = $station, s.createdAt = datetime(), s.updatedAt = datetime()
RETURN s.stationId AS stationId
