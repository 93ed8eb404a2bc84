// Move an alert to $status (the caller checked the transition), recording who resolved it.
// Params: $alertId, $status, $actor, $note
// Returns: alert (map)
MATCH (a:Alert {alertId: $alertId})
SET a.status = $status, a.updatedAt = datetime(), a.note = coalesce($note, a.note),
    a.resolvedAt = CASE WHEN $status = 'resolved' THEN datetime() END,
    a.resolvedBy = CASE WHEN $status = 'resolved' THEN $actor END
RETURN a {.*} AS alert
