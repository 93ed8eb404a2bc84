// Take the write locks of an agreement and of its partner (by stamping updatedAt) and read the
// agreement's status under them, so two concurrent status changes of the partner's agreements
// cannot both pass the overlap check or start from the same status.
// Params: $agreementId
// Returns: status, partnerCode; no row when there is no such agreement
MATCH (a:ReciprocalAgreement {agreementId: $agreementId})-[:WITH_PARTNER]->(s:Society)
SET s.updatedAt = datetime(), a.updatedAt = datetime()
RETURN a.status AS status, a.partnerCode AS partnerCode
