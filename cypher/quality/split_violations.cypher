// Which ownership splits don't add up? For each asset in $assetIds, each right type it carries,
// and each country and period in which its shares can differ, the OWNS shares that apply there
// and then must sum to 100 % (1 000 000 millionths) within the CWR tolerance, and the publishers'
// part of a performance right must not exceed 50 % (CWR 2.1, SPU "PR Ownership Share" 0–50).
// Shares only change where a slice starts or ends (validFrom / validTo), so every such date
// opens a period; and only at the territories the slices name, so the countries evaluated are:
// every named country, one country (the lowest code) per combination of named regions it lies
// in, and one country named nowhere, the lowest code, standing for the rest of the world.
// Consecutive periods with the same owners in a country are reported once (from the first date).
// A slice applies as in rights/owners_at: validFrom <= date < validTo (null = open), the country
// PART_OF* one of its territories and of none of its excluded ones. Superseded slices count for
// the dates they were valid. An owner is a publisher when the slice's role is a publisher role,
// or the role is the generic 'owner' and the participant is of kind publisher.
// Params: $assetIds (workIds and/or recordingIds), $tolerance (millionths: 600 = ±0.06 %),
//         $publisherMax (millionths: 500000 = 50 %), $publisherRoles (the publisher-side roles)
//         e.g. :param assetIds => ['WRK-000001']; :param tolerance => 600; :param publisherMax => 500000;
//              :param publisherRoles => ['administrator', 'publisher', 'sub_publisher']
// Returns: one row per violating point: assetId, rightType, country, restOfWorld (true for the
//          rest-of-world representative), date (first day), until (next change, null = open),
//          total and publisherTotal (millionths), owners [{participantId, share, publisher}],
//          kinds (split_gap: total < 100 % − tolerance, none included; split_overlap: total >
//          100 % + tolerance; publisher_share: performance, publishers > $publisherMax)
MATCH (c:Territory {kind: 'country'})
WITH c.code AS code ORDER BY code
WITH collect(code) AS countries
UNWIND $assetIds AS assetId
CALL (assetId) {
  MATCH (a:Recording {recordingId: assetId}) RETURN a
  UNION
  MATCH (a:Work {workId: assetId}) RETURN a
}
MATCH (p:Participant)-[o:OWNS]->(a)
WITH countries, assetId, p, o ORDER BY p.participantId, o.validFrom, o.share
WITH countries, assetId, o.rightType AS rightType,
     collect({participantId: p.participantId, share: o.share,
              publisher: coalesce(o.role, 'owner') IN $publisherRoles OR (coalesce(o.role, 'owner') = 'owner' AND 'publisher' IN p.kinds),
              territories: o.territories, excluded: coalesce(o.excluded, []),
              validFrom: o.validFrom, validTo: o.validTo}) AS slices
CALL (slices) {
  UNWIND slices AS s
  UNWIND [s.validFrom, s.validTo] AS d
  WITH DISTINCT d WHERE d IS NOT NULL
  WITH d ORDER BY d
  RETURN collect(d) AS dates
}
CALL (slices) {
  UNWIND slices AS s
  UNWIND s.territories + s.excluded AS code
  WITH DISTINCT code
  MATCH (t:Territory {code: code}) WHERE t.kind <> 'world'
  MATCH (c:Territory {kind: 'country'})-[:PART_OF*0..]->(t)
  WITH c, t ORDER BY t.code
  WITH c, collect(t.code) AS signature
  WITH signature, min(c.code) AS representative, collect(c.code) AS members
  RETURN collect(representative) AS named, reduce(all = [], ms IN collect(members) | all + ms) AS covered
}
WITH assetId, rightType, slices, dates,
     [x IN named | {code: x, restOfWorld: false}] +
     [x IN [y IN countries[0..size(covered) + 1] WHERE NOT y IN covered][0..1] | {code: x, restOfWorld: true}] AS points
UNWIND points AS point
WITH assetId, rightType, slices, dates, point,
     [(x:Territory {code: point.code})-[:PART_OF*0..]->(anc:Territory) | anc.code] AS scope
WITH assetId, rightType, point,
     [d IN dates | {date: d, owners: [s IN slices
        WHERE s.validFrom <= d AND (s.validTo IS NULL OR d < s.validTo)
          AND any(t IN s.territories WHERE t IN scope) AND none(t IN s.excluded WHERE t IN scope)
        | {participantId: s.participantId, share: s.share, publisher: s.publisher}]}] AS periods
WITH assetId, rightType, point,
     [i IN range(0, size(periods) - 1) WHERE i = 0 OR periods[i].owners <> periods[i - 1].owners | periods[i]] AS changes
UNWIND range(0, size(changes) - 1) AS i
WITH assetId, rightType, point, changes[i] AS period, changes[i + 1].date AS until
WITH assetId, rightType, point, period, until,
     reduce(t = 0, o IN period.owners | t + o.share) AS total,
     reduce(t = 0, o IN period.owners | t + CASE WHEN o.publisher THEN o.share ELSE 0 END) AS publisherTotal
WITH assetId, rightType, point, period, until, total, publisherTotal,
     [k IN [CASE WHEN total < 1000000 - $tolerance THEN 'split_gap' END,
            CASE WHEN total > 1000000 + $tolerance THEN 'split_overlap' END,
            CASE WHEN rightType = 'performance' AND publisherTotal > $publisherMax THEN 'publisher_share' END]
      WHERE k IS NOT NULL] AS kinds
WHERE kinds <> []
RETURN assetId, rightType, point.code AS country, point.restOfWorld AS restOfWorld, period.date AS date,
       until, total, publisherTotal, period.owners AS owners, kinds
ORDER BY assetId, rightType, date, country
