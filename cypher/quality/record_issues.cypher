// Record data-quality findings. A finding's `key` is deterministic, so a re-run refreshes the
// open issue (lastSeenAt, message, witness) instead of adding another; a resolved issue that
// is found again is reopened (its resolvedAt cleared).
// Params: $issues = [{issueId (used only when new), key, kind, severity, entityId, message, witness (JSON)}]
// Returns: issueId, key, created
UNWIND $issues AS i
MERGE (q:DataQualityIssue {key: i.key})
ON CREATE SET q.issueId = i.issueId, q.firstSeenAt = datetime()
SET q.kind = i.kind, q.severity = i.severity, q.entityId = i.entityId, q.message = i.message,
    q.witness = i.witness, q.status = 'open', q.lastSeenAt = datetime(), q.resolvedAt = null
RETURN q.issueId AS issueId, q.key AS key, q.issueId = i.issueId AS created
