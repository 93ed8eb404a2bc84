// What changed in the rights over the last days? (default: the 30 days up to today)
// Ownership (OWNS) and collection (COLLECTS) slices that took effect (validFrom) or ended
// (validTo: `superseded` when a change replaced the slice, `closed` when its term ran out) in the
// window, and every AuditEvent recorded in it (who changed what: relations, agreements, splits,
// disputes, registrations…), newest first (on one instant, what opened before what it ended).
// The window is the $days days ending on $asOf.
// Params (in Neo4j Browser, run these first):
//   :param days => 30                // the window's length in days
//   :param asOf => null              // its last day: date('2024-07-31') or '2024-07-31'; null = today
// Returns: at (datetime; a slice change at the start of its day, UTC), kind (opened | closed |
//          superseded | audit), type (OWNS | COLLECTS | the audit action), holder (participantId
//          or society code), assetId (or the audit's entityId), rightType, share (percent, text),
//          agreementId, actor (audit events)
WITH coalesce(date($asOf), date()) AS asOf, coalesce($days, 30) AS days
WITH asOf, asOf - duration({days: days}) AS since
CALL (asOf, since) {
  MATCH (h)-[o:OWNS|COLLECTS]->(a)
  WHERE since < o.validFrom <= asOf
  RETURN datetime({date: o.validFrom, timezone: 'UTC'}) AS at, 'opened' AS kind, o, h, a, null AS e
  UNION ALL
  MATCH (h)-[o:OWNS|COLLECTS]->(a)
  WHERE since < o.validTo <= asOf
  RETURN datetime({date: o.validTo, timezone: 'UTC'}) AS at,
         CASE WHEN o.status = 'superseded' THEN 'superseded' ELSE 'closed' END AS kind, o, h, a, null AS e
  UNION ALL
  MATCH (e:AuditEvent)
  WHERE datetime({date: since + duration({days: 1}), timezone: 'UTC'}) <= e.at
    AND e.at < datetime({date: asOf + duration({days: 1}), timezone: 'UTC'})
  RETURN e.at AS at, 'audit' AS kind, null AS o, null AS h, null AS a, e
}
RETURN at, kind, coalesce(type(o), e.action) AS type, coalesce(h.participantId, h.code) AS holder,
       coalesce(a.workId, a.recordingId, a.participantId, e.entityId) AS assetId, o.rightType AS rightType,
       CASE WHEN o.share IS NULL THEN null
            ELSE toString(o.share / 10000) + '.' + right('000' + toString(o.share % 10000), 4) END AS share,
       o.agreementId AS agreementId, e.actor AS actor
ORDER BY at DESC, CASE kind WHEN 'opened' THEN 0 WHEN 'audit' THEN 1 ELSE 2 END, holder, assetId, share
