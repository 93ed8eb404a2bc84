// A page of RoyaltyEvents (normalized statement lines) with their allocation, filtered by
// statement, recording, participant (events allocated to one of its accounts), sale month and
// source; each filter ignored when null. The most selective filter given is the anchor (an index
// seek: statementId, then recordingId, then the participant's accounts, else the statements
// whose lines carry the period, or every statement); the others filter it (viaParticipant: the
// participant anchor needs no second check).
// Only live allocations count: an edge a reallocation reversed (reversedBy) and its reversing
// twin (reversal) are history (cypher/reallocation/apply.cypher), so the live edges of an event
// are its current allocation. Order: newest statement first, then line. See events_count for
// the total.
// Params: $statementId|null, $recordingId|null, $participantId|null, $period|null ('YYYY-MM'),
//         $source|null, $skip, $limit
// Returns: event (property map), allocations [{accountId, kind, participantId, amount (micro-units),
//          share (millionths|null), hold (null | dispute | recoupment)}] — only the participant's
//          own with $participantId —, participantMicro (their sum; null without $participantId)
CALL () {
  WITH $statementId AS statementId WHERE statementId IS NOT NULL
  MATCH (e:RoyaltyEvent {statementId: statementId})
  RETURN e, false AS viaParticipant
  UNION
  WITH $recordingId AS recordingId WHERE $statementId IS NULL AND recordingId IS NOT NULL
  MATCH (e:RoyaltyEvent {recordingId: recordingId})
  RETURN e, false AS viaParticipant
  UNION
  WITH $participantId AS participantId WHERE $statementId IS NULL AND $recordingId IS NULL AND participantId IS NOT NULL
  MATCH (:Account {participantId: participantId})<-[al:ALLOCATED]-(e:RoyaltyEvent)
  WHERE al.reversedBy IS NULL AND al.reversal IS NULL
  RETURN e, true AS viaParticipant
  UNION
  WITH $period AS period WHERE $statementId IS NULL AND $recordingId IS NULL AND $participantId IS NULL
  MATCH (s:Statement) WHERE period IS NULL OR s.periods IS NULL OR period IN s.periods
  MATCH (e:RoyaltyEvent {statementId: s.statementId})
  RETURN e, false AS viaParticipant
}
WITH e, viaParticipant
WHERE ($recordingId IS NULL OR e.recordingId = $recordingId)
  AND ($period IS NULL OR e.period = $period)
  AND ($source IS NULL OR e.source = $source)
  AND ($participantId IS NULL OR viaParticipant OR EXISTS {
         MATCH (e)-[al:ALLOCATED]->(:Account {participantId: $participantId})
         WHERE al.reversedBy IS NULL AND al.reversal IS NULL })
WITH e ORDER BY e.statementId DESC, e.line SKIP $skip LIMIT $limit
OPTIONAL MATCH (e)-[al:ALLOCATED]->(a:Account)
WHERE al.reversedBy IS NULL AND al.reversal IS NULL AND ($participantId IS NULL OR a.participantId = $participantId)
WITH e, collect(al {.amount, .share, .hold, accountId: a.accountId, kind: a.kind, participantId: a.participantId})
        AS allocations
RETURN e {.*} AS event, allocations,
       CASE WHEN $participantId IS NULL THEN null ELSE reduce(total = 0, x IN allocations | total + x.amount) END
       AS participantMicro
ORDER BY event.statementId DESC, event.line
