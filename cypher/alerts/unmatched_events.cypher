// A page of a statement's lines attributed to no work or recording (their money is in suspense),
// after event id $after.
// Params: $statementId, $after (eventId, '' for the first page), $limit
// Returns: eventId, line, title, artist, isrc, upc, trackNumber, iswc, rightType, grossMicro
MATCH (e:RoyaltyEvent {statementId: $statementId})
WHERE e.eventId > $after AND e.recordingId IS NULL AND e.assetId IS NULL
RETURN e.eventId AS eventId, e.line AS line, e.title AS title, e.artist AS artist, e.isrc AS isrc, e.upc AS upc,
       e.trackNumber AS trackNumber, e.iswc AS iswc, e.rightType AS rightType, e.grossMicro AS grossMicro
ORDER BY eventId
LIMIT $limit
