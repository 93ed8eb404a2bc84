// Net postings on all of a participant's accounts in one currency (wallet, frozen, pending payout,
// advance receivable) by journal entry kind in [$since, $until). Moves between its own accounts
// (freezes, payout requests, advance grants) net to zero; payout_paid is money paid out.
// Params: $participantId, $currency, $since, $until (datetimes)
// Returns: kind, amount (micro-units, signed)
MATCH (a:Account {participantId: $participantId})<-[p:POSTS]-(e:JournalEntry)
WHERE a.currency = $currency AND $since <= e.at < $until
RETURN e.kind AS kind, sum(p.amount) AS amount
ORDER BY kind
