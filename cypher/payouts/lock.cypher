// Take payouts' write locks (by stamping updatedAt) and read them under those locks, so two
// concurrent status changes cannot both start from the same status.
// Params: $payoutIds
// Returns: payout {payoutId, participantId, amount, currency, status, batchId, methodId, methodType,
//          methodLabel} per payout found, in id order
UNWIND $payoutIds AS id
MATCH (p:Payout {payoutId: id})
SET p.updatedAt = datetime()
RETURN p {.payoutId, .participantId, .amount, .currency, .status, .batchId, .methodId, .methodType,
          .methodLabel} AS payout
ORDER BY p.payoutId
