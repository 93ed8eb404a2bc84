// Every posting of some accounts from a moment on, newest first, with each account's cached
// balance: walking back from the balance gives the balance after each transaction.
// Params: $accountIds, $since (datetime)
// Returns: accountId, balance, postings: [{entryId, amount (micro-units)}] (newest first)
UNWIND $accountIds AS accountId
MATCH (a:Account {accountId: accountId})
RETURN a.accountId AS accountId, a.balance AS balance,
       COLLECT { MATCH (a)<-[p:POSTS]-(e:JournalEntry) WHERE e.at >= $since
                 WITH e, sum(p.amount) AS amount ORDER BY e.at DESC, e.entryId DESC
                 RETURN {entryId: e.entryId, amount: amount} } AS postings
