// A partner's default admin fee changed: its mandates under agreements without a fee override
// take the new fee (the effective fee: agreement override > partner default).
// Params: $code (society code), $feePercent (decimal string)
// Returns: updated (COLLECTS edges whose feePercent was set)
MATCH (a:ReciprocalAgreement {partnerCode: $code})-[:WITH_PARTNER]->(s:Society)
WHERE a.adminFeePercent IS NULL
MATCH (s)-[m:COLLECTS {agreementId: a.agreementId}]->(:Work)
SET m.feePercent = $feePercent
RETURN count(m) AS updated
