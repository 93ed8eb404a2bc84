// The history of an entity's rights, newest first: each OWNS / COLLECTS slice touching it as the
// event of its opening (on validFrom) and, once it has a validTo, of its closing (`superseded`
// when a change replaced it, `closed` when its term ended), and every AuditEvent about the entity.
// Slices touching it: a participant's own OWNS / COLLECTS edges and COLLECTS edges to it; the
// OWNS / COLLECTS edges on a work or recording; those on the recordings of a release.
// A slice event is dated at the start (UTC) of its effective day, an audit event at its instant;
// on one instant an opening comes before a closing (newest first: the change, then what it ended).
// Params: $entityId (PART-…, WRK-…, REC-…, REL-…), $skip, $limit
// Returns: one row: total (events in all), events (the page): [{at (datetime), kind (opened |
//          closed | superseded | audit), edge {id, type, from, to, props} | null,
//          audit {auditId, actor, action, entityId, before, after} | null}];
//          no row when no entity has that id
CALL () {
  MATCH (n:Participant {participantId: $entityId}) RETURN n
  UNION MATCH (n:Work {workId: $entityId}) RETURN n
  UNION MATCH (n:Recording {recordingId: $entityId}) RETURN n
  UNION MATCH (n:Release {releaseId: $entityId}) RETURN n
}
CALL (n) {
  MATCH (n)-[r:OWNS|COLLECTS]-() RETURN collect(r) AS direct
}
CALL (n) {
  MATCH (n:Release)-[:CONTAINS]->(:Recording)<-[r:OWNS|COLLECTS]-() RETURN collect(r) AS viaTracks
}
CALL () {
  MATCH (a:AuditEvent {entityId: $entityId})
  RETURN collect({at: a.at, kind: 'audit', rank: 2, edge: null,
                  audit: a {.auditId, .actor, .action, .entityId, .before, .after}}) AS audits
}
WITH audits, [r IN direct + viaTracks | {id: elementId(r), type: type(r),
        from: coalesce(startNode(r).participantId, startNode(r).code),
        to: coalesce(endNode(r).workId, endNode(r).recordingId, endNode(r).participantId),
        props: properties(r)}] AS slices
WITH audits
     + [s IN slices | {at: datetime({date: s.props.validFrom, timezone: 'UTC'}), kind: 'opened', rank: 0,
                       edge: s, audit: null}]
     + [s IN slices WHERE s.props.validTo IS NOT NULL |
        {at: datetime({date: s.props.validTo, timezone: 'UTC'}),
         kind: CASE WHEN s.props.status = 'superseded' THEN 'superseded' ELSE 'closed' END, rank: 1,
         edge: s, audit: null}] AS events
CALL (events) {
  UNWIND events AS e
  WITH e ORDER BY e.at DESC, e.rank, e.edge.from, e.edge.id, e.audit.auditId DESC
  RETURN collect(e {.at, .kind, .edge, .audit}) AS ordered
}
RETURN size(events) AS total, ordered[$skip..$skip + $limit] AS events
