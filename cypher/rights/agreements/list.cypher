// A page of agreements ordered by id, and the total count.
// Params: $skip, $limit, $participantId|null (agreements it is or was a party to),
//         $type|null (master_split, publishing_administration, co_publishing, sub_publishing,
//         producer_royalty, distribution, reciprocal)
// Returns: agreementIds (list), total
MATCH (a:Agreement)
WHERE ($type IS NULL OR a.type = $type)
  AND ($participantId IS NULL OR EXISTS { (:Participant {participantId: $participantId})-[:PARTY_TO]->(a) })
WITH a ORDER BY a.agreementId
WITH collect(a.agreementId) AS ids
RETURN ids[$skip..$skip + $limit] AS agreementIds, size(ids) AS total
