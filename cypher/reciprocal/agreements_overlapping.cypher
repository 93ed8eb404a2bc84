// The partner's other Active agreements that overlap an agreement: the same partner, a common
// right type, overlapping periods ([validFrom, validTo), null = open) and at least one country
// inside both territory scopes (PART_OF* an included territory, none of the excluded ones).
// Params: $agreementId, $partnerCode, $territories, $excluded, $rightTypes, $validFrom (date),
//         $validTo (date|null)
// Returns: agreementId, sharedCountries (up to 5 examples), one row per overlapping agreement
CALL () {
  MATCH (c:Territory {kind: 'country'})-[:PART_OF*0..]->(t:Territory) WHERE t.code IN $territories
  WITH DISTINCT c
  WHERE NOT EXISTS { MATCH (c)-[:PART_OF*0..]->(x:Territory) WHERE x.code IN $excluded }
  RETURN collect(c.code) AS mine
}
MATCH (b:ReciprocalAgreement {partnerCode: $partnerCode, status: 'Active'})
WHERE b.agreementId <> $agreementId
  AND any(r IN coalesce(b.rightTypes, ['performance']) WHERE r IN $rightTypes)
  AND b.validFrom < coalesce($validTo, date('9999-12-31')) AND $validFrom < coalesce(b.validTo, date('9999-12-31'))
CALL (b, mine) {
  MATCH (c:Territory {kind: 'country'})-[:PART_OF*0..]->(t:Territory)
  WHERE t.code IN b.territories AND c.code IN mine
  WITH DISTINCT c
  WHERE NOT EXISTS { MATCH (c)-[:PART_OF*0..]->(x:Territory) WHERE x.code IN coalesce(b.excluded, []) }
  WITH c ORDER BY c.code
  RETURN collect(c.code) AS shared
}
WITH b, shared WHERE size(shared) > 0
RETURN b.agreementId AS agreementId, shared[0..5] AS sharedCountries
ORDER BY agreementId
