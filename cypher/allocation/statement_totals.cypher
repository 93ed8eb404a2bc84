// Reconciliation of one statement: Σ event gross versus Σ allocated (wallets + suspense).
// Params: $statementId
// Returns: events, grossMicro, allocatedMicro, suspenseMicro
MATCH (e:RoyaltyEvent {statementId: $statementId})
OPTIONAL MATCH (e)-[al:ALLOCATED]->(a:Account)
WITH e, sum(al.amount) AS allocated, sum(CASE WHEN a.kind = 'suspense' THEN al.amount ELSE 0 END) AS suspense
RETURN count(e) AS events, sum(e.grossMicro) AS grossMicro, sum(allocated) AS allocatedMicro,
       sum(suspense) AS suspenseMicro
