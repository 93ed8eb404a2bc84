// Sum of a wallet's postings by entry kind in [$since, $until) (e.g. income of the last 30 days).
// Params: $accountId, $since, $until (datetimes)
// Returns: kind, amount (micro-units)
MATCH (:Account {accountId: $accountId})<-[p:POSTS]-(e:JournalEntry)
WHERE $since <= e.at < $until
RETURN e.kind AS kind, sum(p.amount) AS amount
