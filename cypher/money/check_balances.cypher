// Ledger check: per currency, the accounts, their postings, Σ postings and Σ cached balances
// (both 0 on a balanced ledger), and the accounts whose cached balance is not the sum of their
// postings. Aggregated here, one pass over the accounts.
// Params: $limit (how many drifting accounts to list per currency)
// Returns: currency, accounts, posted (Σ postings, micro-units), balances (Σ cached balances),
//          drifting (count), drift: [{accountId, kind, balance, posted}] (at most $limit)
MATCH (a:Account)
OPTIONAL MATCH (a)<-[p:POSTS]-(:JournalEntry)
WITH a, coalesce(sum(p.amount), 0) AS posted
WITH a.currency AS currency, count(a) AS accounts, sum(posted) AS posted, sum(a.balance) AS balances,
     collect(CASE WHEN a.balance IS NULL OR a.balance <> posted
                  THEN {accountId: a.accountId, kind: a.kind, balance: a.balance, posted: posted} END) AS bad
RETURN currency, accounts, posted, balances, size(bad) AS drifting, bad[..$limit] AS drift
ORDER BY currency
