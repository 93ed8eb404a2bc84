// Create a reciprocal agreement with a partner society:
// (:ReciprocalAgreement)-[:WITH_PARTNER]->(:Society).
// Params: $agreement = {agreementId, partnerCode, territories, excluded, validFrom (date),
//         validTo (date|null), adminFeePercent (decimal string|null), rightTypes, status,
//         reportingFrequency, notes}
// Returns: agreementId
MATCH (s:Society:Participant {code: $agreement.partnerCode})
CREATE (a:ReciprocalAgreement)-[:WITH_PARTNER]->(s)
SET a = $agreement, a.createdAt = datetime(), a.updatedAt = datetime()
RETURN a.agreementId AS agreementId
