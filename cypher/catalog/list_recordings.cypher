// A page of recordings ordered by id, and the total count, with optional filters.
// Params: $skip, $limit, $isrc|null (normalized, e.g. USUM71804501), $title|null
//         (case-insensitive part of the title), $workId|null (recordings of this work),
//         $participantId|null (recordings the participant performs on or holds an OWNS slice
//         of, in any period)
// Returns: recordingIds (the page), total (matches across all pages)
MATCH (r:Recording)
WHERE ($isrc IS NULL OR r.isrc = $isrc)
  AND ($title IS NULL OR toLower(r.title) CONTAINS toLower($title))
  AND ($workId IS NULL OR EXISTS { (r)-[:RECORDING_OF]->(:Work {workId: $workId}) })
  AND ($participantId IS NULL
       OR EXISTS { (:Participant {participantId: $participantId})-[:PERFORMS_ON|OWNS]->(r) })
WITH r ORDER BY r.recordingId
WITH collect(r.recordingId) AS ids
RETURN ids[$skip..$skip + $limit] AS recordingIds, size(ids) AS total
