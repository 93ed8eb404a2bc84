// A page of transactions (one account's side of a journal entry) of some accounts, newest
// first, with what each came from: the statement (and its source, e.g. distrokid) or the object
// in the entry's sourceId, whose kind is read from its id prefix ($prefixKinds, e.g. PAY → payout).
// Params: $accountIds, $kind|null (entry kind), $source|null (a statement source such as
//         'distrokid', 'statement' for any statement, or an object kind such as 'payout'),
//         $since|null, $until|null (datetimes, [since, until)), $skip, $limit,
//         $prefixKinds (map: id prefix → object kind)
// Returns: total, rows: [{entryId, accountId, currency, kind, at, amount (micro-units, signed),
//          memo, statementId, statementSource, sourceId, sourceType}]
UNWIND $accountIds AS accountId
MATCH (a:Account {accountId: accountId})<-[p:POSTS]-(e:JournalEntry)
WHERE ($kind IS NULL OR e.kind = $kind)
  AND ($since IS NULL OR e.at >= $since) AND ($until IS NULL OR e.at < $until)
OPTIONAL MATCH (s:Statement {statementId: e.statementId})
WITH a, e, sum(p.amount) AS amount, s.source AS statementSource,
     CASE WHEN e.statementId IS NOT NULL THEN 'statement'
          WHEN e.sourceId IS NOT NULL THEN $prefixKinds[split(e.sourceId, '-')[0]] END AS sourceType
WHERE $source IS NULL OR $source IN [statementSource, sourceType]
WITH a, e, amount, statementSource, sourceType ORDER BY e.at DESC, e.entryId DESC
WITH collect({entryId: e.entryId, accountId: a.accountId, currency: a.currency, kind: e.kind, at: e.at,
              amount: amount, memo: e.memo, statementId: e.statementId, statementSource: statementSource,
              sourceId: e.sourceId, sourceType: sourceType}) AS rows
RETURN size(rows) AS total, rows[$skip..$skip + $limit] AS rows
