// Change an agreement's properties (status, validTo on termination, lastCycleEnd).
// Params: $agreementId, $props (map)
// Returns: agreementId (no row for an unknown agreement)
MATCH (a:ReciprocalAgreement {agreementId: $agreementId})
SET a += $props, a.updatedAt = datetime()
RETURN a.agreementId AS agreementId
