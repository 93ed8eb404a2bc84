// A page of participants ordered by id, and the total count.
// Params: $skip, $limit, $kind|null (filter: artist, writer, label…)
// Returns: participantIds (list), total
MATCH (p:Participant)
WHERE $kind IS NULL OR $kind IN p.kinds
WITH p ORDER BY p.participantId
WITH collect(p.participantId) AS ids
RETURN ids[$skip..$skip + $limit] AS participantIds, size(ids) AS total
