// How one statement's money was allocated, per account (wallets and suspense).
// Params: $statementId
// Returns: accountId, kind, participantId, name, allocated (micro-units), balance (micro-units, all statements)
MATCH (e:RoyaltyEvent {statementId: $statementId})-[al:ALLOCATED]->(a:Account)
WITH a, sum(al.amount) AS allocated
OPTIONAL MATCH (p:Participant {participantId: a.participantId})
RETURN a.accountId AS accountId, a.kind AS kind, a.participantId AS participantId, p.name AS name,
       allocated, a.balance AS balance
ORDER BY kind DESC, allocated DESC, accountId
