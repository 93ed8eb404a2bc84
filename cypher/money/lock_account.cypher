// Take an account's write lock and read its balance under that lock: concurrent payout requests
// on one wallet then run one after the other, each seeing the balance the previous one left, so
// none can overdraw. The lock is taken by writing a scratch property (removed at once): a
// `SET a.balance = a.balance` would read the balance before waiting for the lock and write
// that stale value back over a concurrent posting.
// Params: $accountId
// Returns: balance (micro-units); no row for an unknown account
MATCH (a:Account {accountId: $accountId})
SET a._lock = true
REMOVE a._lock
RETURN a.balance AS balance
