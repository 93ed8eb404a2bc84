// Name the payee of pool entitlement accounts (opened by app.services.ledger as platform
// accounts of kind 'pool'): holderId is who may draw it, forParticipantId the signed artist a
// publisher holds it for (null: its own).
// Params: $accounts = [{accountId, holderId, forParticipantId}]
// Returns: count of accounts tagged
UNWIND $accounts AS acc
MATCH (a:Account {accountId: acc.accountId})
SET a.holderId = acc.holderId, a.forParticipantId = acc.forParticipantId
RETURN count(a) AS tagged
