// Take an account's write lock and read its balance under that lock (the SET writes the same
// value, yet takes the lock): concurrent payout requests on one wallet then run one after the
// other, each seeing the balance the previous one left, so none can overdraw.
// Params: $accountId
// Returns: balance (micro-units); no row for an unknown account
MATCH (a:Account {accountId: $accountId})
SET a.balance = a.balance
RETURN a.balance AS balance
