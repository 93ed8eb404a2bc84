// Record a requested payout (its payout_request journal entry is posted beside it).
// Params: $payout {payoutId, requestKey, idempotencyKey, participantId, amount (micro-units),
//         currency, methodId, methodType, methodLabel, requestedBy}
// Returns: payoutId
MATCH (who:Participant {participantId: $payout.participantId})
CREATE (who)-[:REQUESTED]->(p:Payout)
SET p = $payout, p.status = 'requested', p.requestedAt = datetime(), p.updatedAt = datetime()
RETURN p.payoutId AS payoutId
