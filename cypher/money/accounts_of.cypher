// Accounts of one kind (wallet, frozen, pending_payout, advance_receivable) of participants in one currency.
// Params: $participantIds = ['PART-000001', …], $currency, $kind
// Returns: participantId, accountId
UNWIND $participantIds AS pid
MATCH (a:Account {participantId: pid, kind: $kind, currency: $currency})
RETURN pid AS participantId, a.accountId AS accountId
