// A page of participants ordered by id, and the total count, with optional filters.
// Params: $skip, $limit,
//         $kind|null (artist, writer, label…), $name|null (case-insensitive part of the name or
//         legal name), $country|null (ISO alpha-2), $society|null (a society code: members of it,
//         in any period), $scheme + $value|null (holds this identifier, e.g. 'IPI' +
//         '00000000199'; a society member id also matches its MEMBER_OF memberId)
// Returns: participantIds (the page), total (matches across all pages)
MATCH (p:Participant)
WHERE ($kind IS NULL OR $kind IN p.kinds)
  AND ($name IS NULL OR toLower(p.name) CONTAINS toLower($name)
       OR toLower(coalesce(p.legalName, '')) CONTAINS toLower($name))
  AND ($country IS NULL OR p.country = $country)
  AND ($society IS NULL OR EXISTS { (p)-[:MEMBER_OF]->(:Society {code: $society}) })
  AND ($value IS NULL OR EXISTS { (p)-[:IDENTIFIED_BY]->(:Identifier {key: $scheme + ':' + $value}) }
       OR EXISTS { (p)-[:MEMBER_OF {memberId: $value}]->(:Society {code: $scheme}) })
WITH p ORDER BY p.participantId
WITH collect(p.participantId) AS ids
RETURN ids[$skip..$skip + $limit] AS participantIds, size(ids) AS total
