// Take the write locks of accounts in the given order (callers sort the ids, so concurrent
// writers lock in one order and cannot deadlock) and read their balances under the locks.
// Params: $accountIds (sorted)
// Returns: accountId, balance (micro-units), one row per existing account
UNWIND $accountIds AS id
MATCH (a:Account {accountId: id})
SET a.lockedAt = datetime()
RETURN a.accountId AS accountId, a.balance AS balance
