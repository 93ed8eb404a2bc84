// Payout batches by id, or (ids null) those still submitting (a run that stopped between
// claiming its payouts and recording the provider's receipt), with their payouts' instructions.
// Params: $batchIds|null
// Returns: batch (every property), payouts: [{payoutId, participantId, amount (micro-units),
//          currency, methodId, methodType, methodLabel, externalRef, status, providerReference}]
MATCH (b:PayoutBatch)
WHERE ($batchIds IS NULL AND b.status = 'submitting') OR b.batchId IN coalesce($batchIds, [])
RETURN b {.*} AS batch,
       COLLECT { MATCH (p:Payout)-[:IN_BATCH]->(b)
                 OPTIONAL MATCH (m:PayoutMethod {methodId: p.methodId})
                 RETURN p {.payoutId, .participantId, .amount, .currency, .methodId, .methodType, .methodLabel,
                           .status, .providerReference, externalRef: m.externalRef}
                 ORDER BY p.payoutId } AS payouts
ORDER BY b.batchId
