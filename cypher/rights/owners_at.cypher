// Who owns an asset for a right type at a date in a country?
// An OWNS slice applies when validFrom <= date < validTo (validTo null = open), and the country
// is PART_OF* one of its territories and of none of its excluded territories. The territory
// scope (the country and every group it is part of) is walked once per country, not per key.
// Params: $keys = [{key, assetId (recordingId or workId), rightType, date (date), country}]
// Returns: key, participantId, share (millionths of 100 %), edgeId (the slice's elementId),
//          one row per applicable slice; a key with no owner returns no row.
UNWIND $keys AS k
WITH k.country AS country, collect(k) AS keys
OPTIONAL MATCH (:Territory {code: country})-[:PART_OF*0..]->(anc:Territory)
WITH keys, collect(anc.code) AS scope
UNWIND keys AS k
CALL (k) {
  MATCH (a:Recording {recordingId: k.assetId}) RETURN a
  UNION
  MATCH (a:Work {workId: k.assetId}) RETURN a
}
MATCH (p:Participant)-[o:OWNS {rightType: k.rightType}]->(a)
WHERE o.validFrom <= k.date AND (o.validTo IS NULL OR k.date < o.validTo)
  AND any(t IN o.territories WHERE t IN scope)
  AND none(t IN coalesce(o.excluded, []) WHERE t IN scope)
RETURN k.key AS key, p.participantId AS participantId, o.share AS share, elementId(o) AS edgeId
ORDER BY key, participantId
