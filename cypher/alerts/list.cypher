// A participant's alerts (newest first), filtered by type and status, a page of them, and the
// counts per status of all its alerts (of that type).
// Params: $participantId, $type (null: all), $status (null: all), $skip, $limit
// Returns: one row: total (matching), counts {open, investigating, resolved}, alerts [{alertId, key,
//          type, status, participantId, entityId, title, message, evidence (JSON), createdAt,
//          updatedAt, lastSeenAt, resolvedAt, resolvedBy, note}]
OPTIONAL MATCH (a:Alert {participantId: $participantId})
WHERE $type IS NULL OR a.type = $type
WITH a ORDER BY a.createdAt DESC, a.alertId DESC
WITH collect(a) AS all
WITH all, [a IN all WHERE $status IS NULL OR a.status = $status] AS chosen
RETURN size(chosen) AS total,
       {open: size([a IN all WHERE a.status = 'open']),
        investigating: size([a IN all WHERE a.status = 'investigating']),
        resolved: size([a IN all WHERE a.status = 'resolved'])} AS counts,
       [a IN chosen[$skip..$skip + $limit] | a {.*}] AS alerts
