// A participant's entitlements in the central pool: its own pool accounts and those it holds
// as publisher for signed artists, with what is reserved by pending withdrawals.
// Params: $participantId
// Returns: accountId, currency, holderId, forParticipantId, balance, pending (Σ pending
//          withdrawals on the account) — micro-units
MATCH (a:Account {kind: 'pool'})
WHERE a.holderId = $participantId OR a.forParticipantId = $participantId
OPTIONAL MATCH (w:Withdrawal {poolAccountId: a.accountId, status: 'pending'})
RETURN a.accountId AS accountId, a.currency AS currency, a.holderId AS holderId,
       a.forParticipantId AS forParticipantId, a.balance AS balance, coalesce(sum(w.amountMicro), 0) AS pending
ORDER BY accountId
