// Two partners claiming the same work: for the given works' mandates of one agreement, another
// society's reciprocal mandate (not suspended) on the same work and right type whose period
// and territory scope overlap it (a country PART_OF* an included territory of both, of none of
// their excluded ones).
// Params: $agreementId, $partnerCode, $territories, $excluded (the agreement's), $workIds
// Returns: workId, rightType, otherCode, otherAgreementId, otherValidFrom, otherValidTo,
//          sharedCountries (up to 5 examples); one row per conflicting pair
CALL () {
  MATCH (c:Territory {kind: 'country'})-[:PART_OF*0..]->(t:Territory) WHERE t.code IN $territories
  WITH DISTINCT c
  WHERE NOT EXISTS { MATCH (c)-[:PART_OF*0..]->(x:Territory) WHERE x.code IN $excluded }
  RETURN collect(c.code) AS mine
}
MATCH (s:Society {code: $partnerCode})
UNWIND $workIds AS wid
MATCH (s)-[m:COLLECTS {agreementId: $agreementId}]->(w:Work {workId: wid})
MATCH (o:Society)-[m2:COLLECTS {rightType: m.rightType, basis: 'reciprocal'}]->(w)
WHERE o <> s AND coalesce(m2.status, 'active') <> 'suspended'
  AND m2.validFrom < coalesce(m.validTo, date('9999-12-31')) AND m.validFrom < coalesce(m2.validTo, date('9999-12-31'))
CALL (m2, mine) {
  MATCH (c:Territory {kind: 'country'})-[:PART_OF*0..]->(t:Territory)
  WHERE t.code IN m2.territories AND c.code IN mine
  WITH DISTINCT c
  WHERE NOT EXISTS { MATCH (c)-[:PART_OF*0..]->(x:Territory) WHERE x.code IN coalesce(m2.excluded, []) }
  WITH c ORDER BY c.code
  RETURN collect(c.code) AS shared
}
WITH w, m, o, m2, shared WHERE size(shared) > 0
RETURN w.workId AS workId, m.rightType AS rightType, o.code AS otherCode, m2.agreementId AS otherAgreementId,
       m2.validFrom AS otherValidFrom, m2.validTo AS otherValidTo, shared[0..5] AS sharedCountries
ORDER BY workId, rightType, otherCode
