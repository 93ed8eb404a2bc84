// How many RoyaltyEvents the filters of allocation/events select (the same filters, anchored
// the same way, without sorting or reading allocations).
// Params: $statementId|null, $recordingId|null, $participantId|null, $period|null, $source|null
// Returns: total
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
RETURN count(e) AS total
