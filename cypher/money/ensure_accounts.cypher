// Create the accounts a posting needs (suspense, statement source, a missing wallet) if absent;
// an account of a participant is linked to it by HAS_ACCOUNT.
// Params: $accounts = [{accountId, kind, currency, participantId|null}]
// Returns: accountId, balance
UNWIND $accounts AS acc
MERGE (a:Account {accountId: acc.accountId})
ON CREATE SET a.kind = acc.kind, a.currency = acc.currency, a.balance = 0, a.participantId = acc.participantId
WITH a, acc
OPTIONAL MATCH (p:Participant {participantId: acc.participantId})
FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (p)-[:HAS_ACCOUNT]->(a))
RETURN a.accountId AS accountId, a.balance AS balance
