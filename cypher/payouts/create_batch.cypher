// Open a payout batch (status submitting) and link its payouts to it.
// Params: $batch {batchId, provider, currency, count, total (micro-units), createdBy}, $payoutIds
// Returns: batchId
CREATE (b:PayoutBatch)
SET b = $batch, b.status = 'submitting', b.createdAt = datetime()
WITH b
UNWIND $payoutIds AS id
MATCH (p:Payout {payoutId: id})
CREATE (p)-[:IN_BATCH]->(b)
RETURN DISTINCT b.batchId AS batchId
