// Partner societies by reference: each $refs item is a participantId (PART-…) or a society
// code (case-insensitive).
// Params: $refs = [string]
// Returns: ref, partner (map: participantId, code, name, country, societyType, partnerActive,
//          reportingStandard, defaultAdminFeePercent (decimal string), contact (JSON string),
//          remittanceRequirements (JSON string), partnerSince, agreements (count)); refs naming
//          no partner return no row
UNWIND $refs AS ref
MATCH (s:Society:Participant)
WHERE s.participantId = ref OR s.code = toUpper(ref)
RETURN ref, s {.participantId, .code, .name, .country, societyType: s.type, .partnerActive, .reportingStandard,
               .defaultAdminFeePercent, .contact, .remittanceRequirements, .partnerSince,
               agreements: COUNT { (:ReciprocalAgreement)-[:WITH_PARTNER]->(s) }} AS partner
