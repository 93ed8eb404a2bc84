// Create or refresh alerts by their deterministic key. A new alert is open; a refreshed one keeps
// its status, except one the generator itself resolved ($systemActor) whose finding is back:
// it opens again.
// Params: $alerts = [{alertId (used when created), key, type, participantId, entityId, title, message,
//                     evidence (JSON)}], $systemActor
// Returns: alertId, key, created, reopened, status
UNWIND $alerts AS x
MERGE (a:Alert {key: x.key})
ON CREATE SET a.alertId = x.alertId, a.type = x.type, a.participantId = x.participantId, a.status = 'open',
              a.createdAt = datetime(), a.updatedAt = datetime(), a.isNew = true
WITH a, x, coalesce(a.isNew, false) AS created, a.status = 'resolved' AND a.resolvedBy = $systemActor AS reopened
REMOVE a.isNew
SET a.entityId = x.entityId, a.title = x.title, a.message = x.message, a.evidence = x.evidence,
    a.lastSeenAt = datetime()
FOREACH (_ IN CASE WHEN reopened THEN [1] ELSE [] END |
  SET a.status = 'open', a.resolvedAt = null, a.resolvedBy = null, a.updatedAt = datetime())
RETURN a.alertId AS alertId, a.key AS key, created, reopened, a.status AS status
