// Which works have splits that don't add up on a date? (default today)
// For each work and right type with OWNS slices in force on the date, the shares that apply in
// a country must sum to 100 % within the CWR tolerance (±0.06 %, 600 millionths). The countries
// tried are those of the validator (cypher/quality/split_violations.cypher): every country the
// slices name, one country per combination of named regions it lies in, and one country named
// nowhere (the rest of the world). A total of 0 is a gap (nobody owns the right there).
// This answers for one date; `rightsgraph validate` checks every date and the CWR publisher rule.
// Params (in Neo4j Browser, run this first):
//   :param asOf => null              // date('2024-07-01') or '2024-07-01'; null = today
// Returns: one row per work, right type and witness country: workId, iswc, title, rightType,
//          country, restOfWorld (the country stands for every country no slice names), total
//          (percent, text), totalMillionths, owners [{participantId, name, share (millionths)}]
WITH coalesce(date($asOf), date()) AS asOf
MATCH (c:Territory {kind: 'country'})
WITH asOf, c.code AS code ORDER BY code
WITH asOf, collect(code) AS countries
MATCH (w:Work)<-[o:OWNS]-(p:Participant)
WHERE o.validFrom <= asOf AND (o.validTo IS NULL OR asOf < o.validTo)
WITH countries, w, o, p ORDER BY p.participantId, o.validFrom, o.share
WITH countries, w, o.rightType AS rightType,
     collect({participantId: p.participantId, name: p.name, share: o.share,
              territories: o.territories, excluded: coalesce(o.excluded, [])}) AS slices
CALL (slices) {
  UNWIND slices AS s
  UNWIND s.territories + s.excluded AS code
  WITH DISTINCT code
  MATCH (t:Territory {code: code}) WHERE t.kind <> 'world'
  MATCH (c:Territory {kind: 'country'})-[:PART_OF*0..]->(t)
  WITH c, t ORDER BY t.code
  WITH c, collect(t.code) AS signature
  WITH signature, min(c.code) AS representative, collect(c.code) AS members
  RETURN collect(representative) AS named, reduce(acc = [], ms IN collect(members) | acc + ms) AS covered
}
WITH w, rightType, slices,
     [x IN named | {code: x, restOfWorld: false}] +
     [x IN [y IN countries[0..size(covered) + 1] WHERE NOT y IN covered][0..1] | {code: x, restOfWorld: true}] AS points
UNWIND points AS point
WITH w, rightType, slices, point,
     [(:Territory {code: point.code})-[:PART_OF*0..]->(anc:Territory) | anc.code] AS scope
WITH w, rightType, point, [s IN slices WHERE any(t IN s.territories WHERE t IN scope)
                                      AND none(t IN s.excluded WHERE t IN scope)
                                    | {participantId: s.participantId, name: s.name, share: s.share}] AS owners
WITH w, rightType, point, owners, reduce(total = 0, o IN owners | total + o.share) AS total
WHERE abs(total - 1000000) > 600
RETURN w.workId AS workId, w.iswc AS iswc, w.title AS title, rightType, point.code AS country,
       point.restOfWorld AS restOfWorld,
       toString(total / 10000) + '.' + right('000' + toString(total % 10000), 4) AS total,
       total AS totalMillionths, owners
ORDER BY workId, rightType, country
