// A participant's ledger accounts of every kind and currency (wallet, frozen, pending_payout,
// advance_receivable…).
// Params: $participantId
// Returns: found (false for an unknown participant), accounts: [{accountId, kind, currency, balance}]
OPTIONAL MATCH (p:Participant {participantId: $participantId})
RETURN p IS NOT NULL AS found,
       COLLECT { MATCH (a:Account {participantId: $participantId})
                 RETURN a {.accountId, .kind, .currency, .balance} ORDER BY a.currency, a.kind } AS accounts
