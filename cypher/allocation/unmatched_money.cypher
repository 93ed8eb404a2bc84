// A statement's lines not attributed to an asset (a recording or, for publishing lines, a
// work: unmatched, or waiting for review) and their money, which sits in suspense.
// Params: $statementId
// Returns: one row: lines, micro, reviewLines, reviewMicro
OPTIONAL MATCH (e:RoyaltyEvent {statementId: $statementId})
WHERE coalesce(e.assetId, e.recordingId) IS NULL
RETURN count(e) AS lines, coalesce(sum(e.grossMicro), 0) AS micro,
       count(CASE WHEN e.matchMethod = 'fuzzy_review' THEN 1 END) AS reviewLines,
       coalesce(sum(CASE WHEN e.matchMethod = 'fuzzy_review' THEN e.grossMicro END), 0) AS reviewMicro
