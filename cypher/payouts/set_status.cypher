// Move payouts to a new status (the caller checked each transition under lock.cypher's lock)
// and stamp when: approvedAt, processingAt, paidAt or failedAt; $props sets the rest
// (approvedBy, batchId, providerReference, failureReason).
// Params: $payoutIds, $status (approved | processing | paid | failed), $props (map)
// Returns: payoutId per payout moved
UNWIND $payoutIds AS id
MATCH (p:Payout {payoutId: id})
SET p += $props, p.status = $status, p.updatedAt = datetime()
SET p.approvedAt = CASE $status WHEN 'approved' THEN datetime() ELSE p.approvedAt END,
    p.processingAt = CASE $status WHEN 'processing' THEN datetime() ELSE p.processingAt END,
    p.paidAt = CASE $status WHEN 'paid' THEN datetime() ELSE p.paidAt END,
    p.failedAt = CASE $status WHEN 'failed' THEN datetime() ELSE p.failedAt END
RETURN p.payoutId AS payoutId
