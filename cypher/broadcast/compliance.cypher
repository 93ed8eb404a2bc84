// Per-station compliance over [$since, $until): plays detected, how they were attributed,
// what was charged, and what was not (and why), with the station's licence and balance.
// Params: $since, $until (datetimes), $stationId (nullable: every station)
// Returns: one row per station in id order: stationId, name, stationClass, country, licenceStatus,
//          licenceValidTo, currency, balance (micro-units), plays, matched, review, unmatched,
//          charged (plays), chargedMicro, insufficientFunds, noTariff, notChargeable
MATCH (s:Station)
WHERE $stationId IS NULL OR s.stationId = $stationId
OPTIONAL MATCH (a:Account {accountId: s.accountId})
CALL (s) {
  OPTIONAL MATCH (p:PlayLog {stationId: s.stationId})
  WHERE $since <= p.playedAt < $until
  RETURN count(p) AS plays,
         count(CASE p.status WHEN 'matched' THEN 1 END) AS matched,
         count(CASE p.status WHEN 'review' THEN 1 END) AS review,
         count(CASE p.status WHEN 'unmatched' THEN 1 END) AS unmatched,
         count(CASE p.chargeStatus WHEN 'charged' THEN 1 END) AS charged,
         sum(CASE p.chargeStatus WHEN 'charged' THEN p.chargedMicro ELSE 0 END) AS chargedMicro,
         count(CASE p.chargeStatus WHEN 'insufficient_funds' THEN 1 END) AS insufficientFunds,
         count(CASE p.chargeStatus WHEN 'no_tariff' THEN 1 END) AS noTariff,
         count(CASE p.chargeStatus WHEN 'not_chargeable' THEN 1 END) AS notChargeable
}
RETURN s.stationId AS stationId, s.name AS name, s.stationClass AS stationClass, s.country AS country,
       s.licenceStatus AS licenceStatus, s.licenceValidTo AS licenceValidTo, s.currency AS currency,
       coalesce(a.balance, 0) AS balance, plays, matched, review, unmatched, charged, chargedMicro,
       insufficientFunds, noTariff, notChargeable
ORDER BY stationId
