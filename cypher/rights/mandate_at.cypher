// Who collects a work's right type in a country at a date? Mandate precedence (DESIGN.md):
// a local direct deal (COLLECTS basis 'direct' or 'admin') beats an active reciprocal mandate
// (basis 'reciprocal', held by a Society), which beats none (suspense). Two different
// collectors at the winning level are a conflict: reported, never guessed.
// A mandate is a COLLECTS edge on the work itself, or on a participant that OWNS the work for
// that right type at that date in that country (a mandate over its whole repertoire). It
// applies when validFrom <= date < validTo (validTo null = open), its status is not
// 'suspended', and the country is PART_OF* one of its territories and of none of its excluded.
// Params: $items = [{key, workId, country (territory code), date (date), rightType}]
// Returns: key, workFound, outcome ('direct' | 'reciprocal' | 'suspense' | 'conflict'),
//          mandates: the applicable mandates of the winning level, work-level ones first, then
//          the latest validFrom first: [{collectorId (participantId, else society code),
//          collectorKind ('participant' | 'society'), collectorName, societyCode, basis,
//          feePercent (decimal string), agreementId, via ('work' | 'participant'),
//          forParticipantId, validFrom, validTo}]; one row per item
// Each distinct country's scope (itself and every territory it is PART_OF*) is computed once.
CALL () {
  UNWIND $items AS k
  WITH DISTINCT k.country AS code
  OPTIONAL MATCH (:Territory {code: code})-[:PART_OF*0..]->(anc:Territory)
  WITH code, collect(DISTINCT anc.code) AS scope
  RETURN collect({code: code, scope: scope}) AS scopes
}
UNWIND $items AS k
WITH k, [s IN scopes WHERE s.code = k.country][0].scope AS scope
OPTIONAL MATCH (w:Work {workId: k.workId})
OPTIONAL CALL (k, w, scope) {
  CALL (k, w, scope) {
    MATCH (c)-[m:COLLECTS {rightType: k.rightType}]->(w)
    RETURN c, m, null AS owner
    UNION ALL
    MATCH (owner:Participant)-[o:OWNS {rightType: k.rightType}]->(w)
    WHERE o.validFrom <= k.date AND (o.validTo IS NULL OR k.date < o.validTo)
      AND any(t IN o.territories WHERE t IN scope) AND none(t IN coalesce(o.excluded, []) WHERE t IN scope)
    WITH DISTINCT owner
    MATCH (c)-[m:COLLECTS {rightType: k.rightType}]->(owner)
    RETURN c, m, owner
  }
  WITH c, m, owner
  WHERE coalesce(m.status, 'active') <> 'suspended'
    AND m.validFrom <= k.date AND (m.validTo IS NULL OR k.date < m.validTo)
    AND any(t IN m.territories WHERE t IN scope) AND none(t IN coalesce(m.excluded, []) WHERE t IN scope)
    AND (m.basis IN ['direct', 'admin'] OR (m.basis = 'reciprocal' AND c:Society))
  RETURN c, m, owner, CASE m.basis WHEN 'reciprocal' THEN 2 ELSE 1 END AS level
}
WITH k, w, c, m, owner, level
ORDER BY k.key, level, owner IS NULL DESC, m.validFrom DESC, coalesce(c.participantId, c.code)
WITH k, w, collect(CASE WHEN m IS NOT NULL THEN {
  level: level, collectorId: coalesce(c.participantId, c.code),
  collectorKind: CASE WHEN c:Society THEN 'society' ELSE 'participant' END,
  collectorName: c.name, societyCode: CASE WHEN c:Society THEN c.code END, basis: m.basis,
  feePercent: m.feePercent, agreementId: m.agreementId,
  via: CASE WHEN owner IS NULL THEN 'work' ELSE 'participant' END, forParticipantId: owner.participantId,
  validFrom: m.validFrom, validTo: m.validTo} END) AS candidates
WITH k, w, [x IN candidates WHERE x.level = candidates[0].level] AS top
WITH k, w, top, reduce(ids = [], x IN top | CASE WHEN x.collectorId IN ids THEN ids ELSE ids + x.collectorId END) AS collectors
RETURN k.key AS key, w IS NOT NULL AS workFound,
       CASE WHEN size(collectors) = 0 THEN 'suspense' WHEN size(collectors) > 1 THEN 'conflict'
            WHEN top[0].level = 1 THEN 'direct' ELSE 'reciprocal' END AS outcome,
       top AS mandates
