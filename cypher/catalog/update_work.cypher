// Update one work's properties (PATCH).
// Params: $workId, $props (map: title, iswc, alternateTitles; a null value removes the property)
// Returns: workId (no row when the work does not exist)
MATCH (w:Work {workId: $workId})
SET w += $props
RETURN w.workId AS workId
