// A page of works ordered by id, and the total count, with optional filters.
// Params: $skip, $limit, $iswc|null (normalized T-DDD.DDD.DDD-C), $title|null (case-insensitive
//         part of the title or of an alternate title)
// Returns: workIds (the page), total (matches across all pages)
MATCH (w:Work)
WHERE ($iswc IS NULL OR w.iswc = $iswc)
  AND ($title IS NULL OR toLower(w.title) CONTAINS toLower($title)
       OR any(t IN coalesce(w.alternateTitles, []) WHERE toLower(t) CONTAINS toLower($title)))
WITH w ORDER BY w.workId
WITH collect(w.workId) AS ids
RETURN ids[$skip..$skip + $limit] AS workIds, size(ids) AS total
