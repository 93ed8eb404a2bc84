// A participant's income per sale month and source in one currency (the period rollups: months ×
// sources rows, whatever the number of statement lines).
// Params: $participantId, $currency
// Returns: period ('YYYY-MM'), source, sourceLabel, amount, recouped (micro-units; recouped ⊆ amount)
MATCH (x:PeriodIncomeRollup {participantId: $participantId})
WHERE x.currency = $currency
RETURN x.period AS period, x.source AS source, x.sourceLabel AS sourceLabel, x.amount AS amount,
       x.recouped AS recouped
ORDER BY period, source
