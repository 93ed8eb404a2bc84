// A page of participant ids in order, after $after ('' for the first page).
// Params: $after, $limit
// Returns: participantIds (list)
MATCH (p:Participant) WHERE p.participantId > $after
WITH p.participantId AS id ORDER BY id LIMIT $limit
RETURN collect(id) AS participantIds
