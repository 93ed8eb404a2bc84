// A page of data-quality issues ordered by id, with the total, filtered by kind, status and the
// entity they are about (each filter ignored when null).
// Params: $skip, $limit, $kind|null (split_gap, split_overlap, publisher_share, …),
//         $status|null (open | resolved), $entityId|null (e.g. WRK-000001)
// Returns: total, issues [{issueId, key, kind, severity, status, entityId, message, witness (JSON),
//          firstSeenAt, lastSeenAt, resolvedAt}]
CALL () {
  MATCH (q:DataQualityIssue)
  WHERE ($kind IS NULL OR q.kind = $kind) AND ($status IS NULL OR q.status = $status)
    AND ($entityId IS NULL OR q.entityId = $entityId)
  RETURN count(q) AS total
}
CALL () {
  MATCH (q:DataQualityIssue)
  WHERE ($kind IS NULL OR q.kind = $kind) AND ($status IS NULL OR q.status = $status)
    AND ($entityId IS NULL OR q.entityId = $entityId)
  WITH q ORDER BY q.issueId SKIP $skip LIMIT $limit
  RETURN collect(q {.issueId, .key, .kind, .severity, .status, .entityId, .message, .witness, .firstSeenAt,
                    .lastSeenAt, .resolvedAt}) AS issues
}
RETURN total, issues
