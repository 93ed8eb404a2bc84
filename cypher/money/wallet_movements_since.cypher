// Sum of a wallet's postings by entry kind since an instant (e.g. income of the last 30 days).
// Params: $accountId, $since (datetime)
// Returns: kind, amount (micro-units)
MATCH (:Account {accountId: $accountId})<-[p:POSTS]-(e:JournalEntry)
WHERE e.at >= $since
RETURN e.kind AS kind, sum(p.amount) AS amount
