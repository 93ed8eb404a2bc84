// A page of releases ordered by id, and the total count, with optional filters.
// Params: $skip, $limit, $upc|null (digits as printed, e.g. 093624920472), $title|null
//         (case-insensitive part of the title), $recordingId|null (releases containing it)
// Returns: releaseIds (the page), total (matches across all pages)
MATCH (x:Release)
WHERE ($upc IS NULL OR x.upc = $upc)
  AND ($title IS NULL OR toLower(x.title) CONTAINS toLower($title))
  AND ($recordingId IS NULL OR EXISTS { (x)-[:CONTAINS]->(:Recording {recordingId: $recordingId}) })
WITH x ORDER BY x.releaseId
WITH collect(x.releaseId) AS ids
RETURN ids[$skip..$skip + $limit] AS releaseIds, size(ids) AS total
