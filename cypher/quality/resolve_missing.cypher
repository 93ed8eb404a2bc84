// Resolve the open data-quality issues a full re-run of a check no longer finds: issues of
// $kinds about $entityIds whose key is not among the keys the run found.
// Params: $kinds, $entityIds (the ids the run checked), $keys (the keys it found)
// Returns: resolved (how many issues were resolved)
UNWIND $entityIds AS entityId
MATCH (q:DataQualityIssue {entityId: entityId})
WHERE q.status = 'open' AND q.kind IN $kinds AND NOT q.key IN $keys
SET q.status = 'resolved', q.resolvedAt = datetime()
RETURN count(q) AS resolved
