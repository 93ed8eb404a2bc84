// A participant's net royalties per sale month in one currency over a range of months: the sum of
// its PeriodIncomeRollups (participant × month × source; income credited to it, whatever account it
// went to), read by a range on the rollup key ('<participantId>|<YYYY-MM>|…'), so the cost does not
// grow with the participant's history or catalog. What the AdvanceOfferEngine projects from.
// Params: $participantId, $currency, $fromPeriod 'YYYY-MM' (inclusive), $toPeriod 'YYYY-MM' (exclusive)
// Returns: period, amount (micro-units)
MATCH (x:PeriodIncomeRollup)
WHERE x.key >= $participantId + '|' + $fromPeriod AND x.key < $participantId + '|' + $toPeriod
  AND x.currency = $currency
RETURN x.period AS period, sum(x.amount) AS amount
ORDER BY period
