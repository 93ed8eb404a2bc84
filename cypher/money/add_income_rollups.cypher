// Add credited income to the rollup levels the Money Hub and artist statements read
// (app/services/income_rollups.py): IncomeRollup (participant × month × source × recording × right
// type), PeriodIncomeRollup (participant × month × source), TrackIncomeRollup (participant ×
// recording × source × right type: lifetime amount, and the amount of its latest month),
// EntryIncomeRollup (participant × journal entry × source, and × recording) and
// RecordingIncomeRollup (participant × recording: lifetime, and the amount of its latest month;
// what the hub's top tracks read). Amounts are signed micro-units; recouped is the part of amount
// that went to recoupment of an advance. A new rollup is written once with its values (ON CREATE),
// an existing one is added to (ON MATCH): no second write of a node just created.
// Params: $rows = [{key, participantId, period 'YYYY-MM', source, sourceLabel, recordingId|null, rightType,
//                   currency, amount, recouped}]
//         $periods = [{key, participantId, period, source, sourceLabel, currency, amount, recouped}]
//         $tracks = [{key, participantId, recordingId, source, sourceLabel, rightType, currency, amount,
//                     lastPeriod (the latest month of these rows), lastPeriodAmount (their amount in it)}]
//         $entries = [{key ('participantId|entryId|by|source or recordingId|currency'), by ('source' |
//                      'recording'), source|null, sourceLabel|null, recordingId|null, amount, recouped}]
//         $recordings = [{key, participantId, recordingId, currency, amount, lastPeriod, lastPeriodAmount}]
// Returns: count of rollups touched
CALL (*) {
  UNWIND $rows AS r
  MERGE (x:IncomeRollup {key: r.key})
  ON CREATE SET x.participantId = r.participantId, x.period = r.period, x.source = r.source,
                x.sourceLabel = r.sourceLabel, x.recordingId = r.recordingId, x.rightType = r.rightType,
                x.currency = r.currency, x.amount = r.amount, x.recouped = r.recouped
  ON MATCH SET x.amount = x.amount + r.amount, x.recouped = x.recouped + r.recouped
  RETURN count(x) AS details
}
CALL (*) {
  UNWIND $periods AS r
  MERGE (x:PeriodIncomeRollup {key: r.key})
  ON CREATE SET x.participantId = r.participantId, x.period = r.period, x.source = r.source,
                x.sourceLabel = r.sourceLabel, x.currency = r.currency, x.amount = r.amount, x.recouped = r.recouped
  ON MATCH SET x.amount = x.amount + r.amount, x.recouped = x.recouped + r.recouped
  RETURN count(x) AS periods
}
CALL (*) {
  UNWIND $tracks AS r
  MERGE (x:TrackIncomeRollup {key: r.key})
  ON CREATE SET x.participantId = r.participantId, x.recordingId = r.recordingId, x.source = r.source,
                x.sourceLabel = r.sourceLabel, x.rightType = r.rightType, x.currency = r.currency,
                x.amount = r.amount, x.lastPeriod = r.lastPeriod, x.lastPeriodAmount = r.lastPeriodAmount
  // lastPeriodAmount is computed from the old lastPeriod, so it is set before lastPeriod
  ON MATCH SET x.amount = x.amount + r.amount,
               x.lastPeriodAmount = CASE WHEN r.lastPeriod > x.lastPeriod THEN r.lastPeriodAmount
                                         WHEN r.lastPeriod = x.lastPeriod THEN x.lastPeriodAmount + r.lastPeriodAmount
                                         ELSE x.lastPeriodAmount END,
               x.lastPeriod = CASE WHEN r.lastPeriod > x.lastPeriod THEN r.lastPeriod ELSE x.lastPeriod END
  RETURN count(x) AS tracks
}
CALL (*) {
  UNWIND $entries AS r
  // participant, entry and currency are in the key the readers look up (STARTS WITH), not repeated
  CREATE (x:EntryIncomeRollup {key: r.key, by: r.by, source: r.source, sourceLabel: r.sourceLabel,
                               recordingId: r.recordingId, amount: r.amount, recouped: r.recouped})
  RETURN count(x) AS entries
}
CALL (*) {
  UNWIND $recordings AS r
  MERGE (x:RecordingIncomeRollup {key: r.key})
  ON CREATE SET x.participantId = r.participantId, x.recordingId = r.recordingId, x.currency = r.currency,
                x.lifetime = r.amount, x.lastPeriod = r.lastPeriod, x.lastPeriodAmount = r.lastPeriodAmount
  ON MATCH SET x.lifetime = x.lifetime + r.amount,
               x.lastPeriodAmount = CASE WHEN r.lastPeriod > x.lastPeriod THEN r.lastPeriodAmount
                                         WHEN r.lastPeriod = x.lastPeriod THEN x.lastPeriodAmount + r.lastPeriodAmount
                                         ELSE x.lastPeriodAmount END,
               x.lastPeriod = CASE WHEN r.lastPeriod > x.lastPeriod THEN r.lastPeriod ELSE x.lastPeriod END
  RETURN count(x) AS recordings
}
RETURN details + periods + tracks + entries + recordings AS touched
