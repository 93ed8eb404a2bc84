// Create the system accounts a posting needs (suspense, statement source…) if missing.
// Params: $accounts = [{accountId, kind, currency, participantId|null}]
// Returns: accountId, balance
UNWIND $accounts AS acc
MERGE (a:Account {accountId: acc.accountId})
ON CREATE SET a.kind = acc.kind, a.currency = acc.currency, a.balance = 0, a.participantId = acc.participantId
RETURN a.accountId AS accountId, a.balance AS balance
