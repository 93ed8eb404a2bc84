// A participant's accounts in one currency for an artist statement of [$from, $to): each account's
// cached balance, the sum of its postings at or after $from and at or after $to (so opening =
// balance − sinceFrom, closing = balance − sinceTo), and its postings inside the period.
// Params: $participantId, $currency, $from, $to (datetimes)
// Returns: accountId, kind, balance, sinceFrom, sinceTo, moves [{entryId, kind, amount}] (micro-units)
MATCH (a:Account {participantId: $participantId})
WHERE a.currency = $currency
CALL (a) {
  OPTIONAL MATCH (a)<-[p:POSTS]-(e:JournalEntry)
  WHERE e.at >= $from
  RETURN coalesce(sum(p.amount), 0) AS sinceFrom,
         coalesce(sum(CASE WHEN e.at >= $to THEN p.amount END), 0) AS sinceTo,
         [m IN collect(CASE WHEN e.at < $to THEN {entryId: e.entryId, kind: e.kind, amount: p.amount} END)
          WHERE m IS NOT NULL] AS moves
}
RETURN a.accountId AS accountId, a.kind AS kind, a.balance AS balance, sinceFrom, sinceTo, moves
ORDER BY kind, accountId
