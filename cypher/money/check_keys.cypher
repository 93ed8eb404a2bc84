// Ledger check: idempotency keys held by more than one journal entry, or missing (the
// uniqueness constraint should make both impossible; this proves it on the data).
// Params: $limit (how many keys to list)
// Returns: violations (count), keys: [{idempotencyKey, entries, entryIds (first 5)}] (at most $limit)
MATCH (e:JournalEntry)
WITH e.idempotencyKey AS key, count(*) AS n, collect(e.entryId)[..5] AS entryIds
WHERE key IS NULL OR n > 1
WITH collect({idempotencyKey: key, entries: n, entryIds: entryIds}) AS bad
RETURN size(bad) AS violations, bad[..$limit] AS keys
