// One account's side of one journal entry (a wallet transaction), with the entry and its statement.
// Params: $entryId, $accountId
// Returns: one row (none when the account has no posting in the entry): entry {entryId, kind, at, memo,
//          idempotencyKey, statementId, sourceId}, account {accountId, kind, currency, participantId},
//          amount (micro-units, signed), postings (count of the entry's postings), balanced (they sum to 0),
//          statement {statementId, source, filename, status, currency, grossMicro} | null
MATCH (e:JournalEntry {entryId: $entryId})-[p:POSTS]->(a:Account {accountId: $accountId})
WITH e, a, sum(p.amount) AS amount
CALL (e) {
  MATCH (e)-[q:POSTS]->()
  RETURN count(q) AS postings, sum(q.amount) = 0 AS balanced
}
OPTIONAL MATCH (s:Statement {statementId: e.statementId})
RETURN e {.entryId, .kind, .at, .memo, .idempotencyKey, .statementId, .sourceId} AS entry,
       a {.accountId, .kind, .currency, .participantId} AS account, amount, postings, balanced,
       CASE WHEN s IS NULL THEN null
            ELSE s {.statementId, .source, .filename, .status, .currency, .grossMicro} END AS statement
