// Record a withdrawal request (status pending; nothing moves until it is approved).
// Params: $withdrawal = {withdrawalId, requestKey, requesterId, forParticipantId, poolAccountId,
//                        amountMicro, currency, methodId, provider, destinationLabel, requestedBy}
// Returns: withdrawalId
CREATE (w:Withdrawal)
SET w = $withdrawal, w.status = 'pending', w.requestedAt = datetime(), w.updatedAt = datetime()
RETURN w.withdrawalId AS withdrawalId
