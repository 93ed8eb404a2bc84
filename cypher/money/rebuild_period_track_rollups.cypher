// Rebuild the period income rollups (participant × month × source) and the track income rollups
// (participant × recording × source × right type) of some participants from their detail rollups
// (IncomeRollup: participant × month × source × recording × right type), which hold the same
// income split finer: a period rollup sums its months' details, a track rollup sums its
// recording's details over the months, with lastPeriod the latest month among them and
// lastPeriodAmount that month's amount. Idempotent (values are set, not added); used by
// `rightsgraph db init` (graphs from before these levels existed) and `rightsgraph money
// rebuild-rollups`. Keys as app/services/income_rollups.py writes them. Detail rollups without a
// rightType are of a pre-release shape (no right type, no recouped) and are left out.
// Params: $participantIds = ['PART-000001', …]
// Returns: written (count of period and track rollups set)
UNWIND $participantIds AS pid
CALL (pid) {
  MATCH (d:IncomeRollup) WHERE d.key STARTS WITH pid + '|' AND d.rightType IS NOT NULL
  WITH d.period AS period, d.source AS source, d.currency AS currency, collect(d) AS rows
  MERGE (x:PeriodIncomeRollup {key: pid + '|' + period + '|' + source + '|' + currency})
  SET x.participantId = pid, x.period = period, x.source = source, x.sourceLabel = rows[0].sourceLabel,
      x.currency = currency, x.amount = reduce(s = 0, d IN rows | s + d.amount),
      x.recouped = reduce(s = 0, d IN rows | s + d.recouped)
  RETURN count(x) AS periods
}
CALL (pid) {
  MATCH (d:IncomeRollup) WHERE d.key STARTS WITH pid + '|' AND d.rightType IS NOT NULL AND d.recordingId IS NOT NULL
  WITH d.recordingId AS recordingId, d.source AS source, d.rightType AS rightType, d.currency AS currency,
       collect(d) AS rows, max(d.period) AS lastPeriod
  MERGE (x:TrackIncomeRollup {key: pid + '|' + recordingId + '|' + source + '|' + rightType + '|' + currency})
  SET x.participantId = pid, x.recordingId = recordingId, x.source = source, x.sourceLabel = rows[0].sourceLabel,
      x.rightType = rightType, x.currency = currency, x.amount = reduce(s = 0, d IN rows | s + d.amount),
      x.lastPeriod = lastPeriod,
      x.lastPeriodAmount = reduce(s = 0, d IN rows | s + CASE WHEN d.period = lastPeriod THEN d.amount ELSE 0 END)
  RETURN count(x) AS tracks
}
RETURN sum(periods + tracks) AS written
