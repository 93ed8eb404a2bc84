// A participant's income in one currency per sale month and per source, summed here from the
// period rollups (participant × month × source), so the hub receives one row of months + sources
// totals rather than months × sources rows — the driver's per-record cost was most of a long
// history's hub time.
// Params: $participantId, $currency
// Returns: one row: byPeriod [{period 'YYYY-MM', amount, recouped}] (oldest first),
//          bySource [{source, sourceLabel, amount}] (micro-units; recouped ⊆ amount)
CALL () {
  MATCH (x:PeriodIncomeRollup {participantId: $participantId})
  WHERE x.currency = $currency
  WITH x.period AS period, sum(x.amount) AS amount, sum(coalesce(x.recouped, 0)) AS recouped
  ORDER BY period
  RETURN collect({period: period, amount: amount, recouped: recouped}) AS byPeriod
}
CALL () {
  MATCH (x:PeriodIncomeRollup {participantId: $participantId})
  WHERE x.currency = $currency
  WITH x.source AS source, max(x.sourceLabel) AS sourceLabel, sum(x.amount) AS amount
  ORDER BY source
  RETURN collect({source: source, sourceLabel: sourceLabel, amount: amount}) AS bySource
}
RETURN byPeriod, bySource
