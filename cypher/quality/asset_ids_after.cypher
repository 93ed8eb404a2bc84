// The next page of asset ids (works and recordings together, in id order) after $after: how the
// validator walks the whole graph in pages (keyset paging: each page is two index range scans).
// Params: $after (an id; '' for the first page), $limit
// Returns: assetIds (one list of at most $limit ids; empty after the last page)
CALL () {
  MATCH (w:Work) WHERE w.workId > $after
  RETURN w.workId AS assetId ORDER BY assetId LIMIT $limit
  UNION ALL
  MATCH (r:Recording) WHERE r.recordingId > $after
  RETURN r.recordingId AS assetId ORDER BY assetId LIMIT $limit
}
WITH assetId ORDER BY assetId LIMIT $limit
RETURN collect(assetId) AS assetIds
