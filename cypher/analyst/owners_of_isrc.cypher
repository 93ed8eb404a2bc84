// Who owns this ISRC in a country on a date? (default: in Germany, today)
// For the recording with $isrc and the work it records, every owner whose OWNS slice is in force
// on the date (validFrom <= date < validTo) and applies in the country (the country is PART_OF*
// one of the slice's territories and of none of its excluded ones): exactly the owners a
// statement line of that date and country is paid to (cypher/rights/owners_at.cypher).
// Params (in Neo4j Browser, run these first):
//   :param isrc => 'GHA0C2400001'    // the ISRC, compact: 12 characters, no hyphens
//   :param country => 'DE'           // ISO 3166-1 alpha-2 code
//   :param asOf => null              // date('2024-07-01') or '2024-07-01'; null = today
// Returns: one row per applicable slice: asset ('recording' | 'work'), assetId, title, rightType,
//          participantId, name, share (percent, text with 4 decimals), shareMillionths,
//          territories, excluded, validFrom, validTo, agreementId
WITH coalesce(date($asOf), date()) AS asOf
MATCH (r:Recording {isrc: $isrc})
OPTIONAL MATCH (:Territory {code: $country})-[:PART_OF*0..]->(anc:Territory)
WITH asOf, r, collect(anc.code) AS scope
CALL (r) {
  RETURN r AS a, 'recording' AS asset
  UNION
  MATCH (r)-[:RECORDING_OF]->(a:Work) RETURN a, 'work' AS asset
}
MATCH (p:Participant)-[o:OWNS]->(a)
WHERE o.validFrom <= asOf AND (o.validTo IS NULL OR asOf < o.validTo)
  AND any(t IN o.territories WHERE t IN scope)
  AND none(t IN coalesce(o.excluded, []) WHERE t IN scope)
RETURN asset, coalesce(a.recordingId, a.workId) AS assetId, a.title AS title, o.rightType AS rightType,
       p.participantId AS participantId, p.name AS name,
       toString(o.share / 10000) + '.' + right('000' + toString(o.share % 10000), 4) AS share,
       o.share AS shareMillionths, o.territories AS territories, o.excluded AS excluded,
       o.validFrom AS validFrom, o.validTo AS validTo, o.agreementId AS agreementId
ORDER BY asset DESC, rightType, participantId
