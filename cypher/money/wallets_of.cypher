// Wallet accounts of participants in one currency.
// Params: $participantIds = ['PART-000001', …], $currency
// Returns: participantId, accountId
UNWIND $participantIds AS pid
MATCH (a:Account {participantId: pid, kind: 'wallet', currency: $currency})
RETURN pid AS participantId, a.accountId AS accountId
