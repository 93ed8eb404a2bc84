// Move a remittance to a status: set it with the transition's properties (reference, reason,
// sentAt / settledAt / failedAt, attempts) and append the journal entry it posted, if any.
// Params: $remittanceId, $status, $props (map), $entryId|null
// Returns: remittanceId
MATCH (r:Remittance {remittanceId: $remittanceId})
SET r += $props, r.status = $status,
    r.entryIds = coalesce(r.entryIds, []) + CASE WHEN $entryId IS NULL THEN [] ELSE [$entryId] END
RETURN r.remittanceId AS remittanceId
