// A page of partner societies (ordered by participantId) and their total.
// Params: $skip, $limit, $active (bool|null: only active / only inactive partners)
// Returns: participantIds (the page), total
MATCH (s:Society:Participant)
WHERE $active IS NULL OR coalesce(s.partnerActive, false) = $active
WITH s ORDER BY s.participantId
WITH collect(s.participantId) AS ids
RETURN ids[$skip..$skip + $limit] AS participantIds, size(ids) AS total
