// A partner's Active reciprocal agreements (to give new repertoire works their mandates).
// Params: $partnerCode
// Returns: agreement (map: agreementId, partnerCode, territories, excluded, validFrom, validTo,
//          adminFeePercent, rightTypes, partnerFeePercent), ordered by id
MATCH (a:ReciprocalAgreement {partnerCode: $partnerCode, status: 'Active'})-[:WITH_PARTNER]->(s:Society)
RETURN a {.agreementId, .partnerCode, .territories, excluded: coalesce(a.excluded, []), .validFrom, .validTo,
          .adminFeePercent, .rightTypes, partnerFeePercent: s.defaultAdminFeePercent} AS agreement
ORDER BY a.agreementId
