// One alert; with $lock, takes its write lock first (so a status change reads the current status).
// Params: $alertId, $lock (boolean)
// Returns: alert (map) — no row for an unknown id
MATCH (a:Alert {alertId: $alertId})
FOREACH (_ IN CASE WHEN $lock THEN [1] ELSE [] END | SET a.updatedAt = a.updatedAt)
RETURN a {.*} AS alert
