// Ledger check: journal entries that break double entry — postings that do not sum to zero,
// postings to accounts of more than one currency, no postings at all, or an amount that is not
// an integer of micro-units. Aggregated here, one pass over the postings.
// Params: $limit (how many offending entries to list)
// Returns: entries (count), postings (count), violations (count), offending: [{entryId,
//          idempotencyKey, kind, total, postings, currencies (the lowest and highest code),
//          nonInteger}] (at most $limit)
MATCH (e:JournalEntry)
OPTIONAL MATCH (e)-[p:POSTS]->(a:Account)
WITH e, sum(p.amount) AS total, count(p) AS n, min(a.currency) AS lowest, max(a.currency) AS highest,
     sum(CASE WHEN p IS NULL OR p.amount IS :: INTEGER NOT NULL THEN 0 ELSE 1 END) AS nonInteger
WITH count(e) AS entries, sum(n) AS postings,
     collect(CASE WHEN total <> 0 OR n = 0 OR lowest <> highest OR nonInteger > 0
                  THEN {entryId: e.entryId, idempotencyKey: e.idempotencyKey, kind: e.kind, total: total,
                        postings: n, currencies: CASE WHEN lowest = highest THEN [lowest] ELSE [lowest, highest] END,
                        nonInteger: nonInteger} END) AS bad
RETURN entries, postings, size(bad) AS violations, bad[..$limit] AS offending
