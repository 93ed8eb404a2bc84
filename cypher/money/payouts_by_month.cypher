// Payouts paid to a participant per calendar month (UTC) of the payout_paid journal entry: what
// left its pending_payout account through a payout provider.
// Params: $participantId, $currency
// Returns: period ('YYYY-MM'), amount (micro-units, positive = paid out)
MATCH (a:Account {participantId: $participantId, kind: 'pending_payout'})<-[p:POSTS]-(e:JournalEntry {kind: 'payout_paid'})
WHERE a.currency = $currency
WITH substring(toString(datetime({datetime: e.at, timezone: 'UTC'})), 0, 7) AS period, -sum(p.amount) AS amount
RETURN period, amount
ORDER BY period
