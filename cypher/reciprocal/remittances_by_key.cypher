// The remittance of a cycle and partner, if there is one (remittanceKey "<cycleId>|<partnerCode>").
// Params: $remittanceKey
// Returns: remittanceId; no row when the cycle has no remittance for that partner
MATCH (r:Remittance {remittanceKey: $remittanceKey})
RETURN r.remittanceId AS remittanceId
