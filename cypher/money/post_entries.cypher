// Post double-entry journal entries and update the cached balances in the same transaction.
// CREATE (not MERGE) on purpose: the uniqueness constraint on idempotencyKey makes a second
// post of the same entry fail the whole transaction instead of posting twice.
// Params: $entries = [{entryId, idempotencyKey, kind, at (datetime), statementId|null, sourceId|null, memo,
//                      postings: [{accountId, amount (micro-units, signed)}]}]  — each sums to 0
// Returns: postings (count written)
UNWIND $entries AS x
CREATE (e:JournalEntry {entryId: x.entryId, idempotencyKey: x.idempotencyKey, kind: x.kind,
                        at: x.at, statementId: x.statementId, sourceId: x.sourceId, memo: x.memo})
WITH e, x
UNWIND x.postings AS p
MATCH (a:Account {accountId: p.accountId})
CREATE (e)-[:POSTS {amount: p.amount}]->(a)
SET a.balance = a.balance + p.amount
RETURN count(*) AS postings
