// Reciprocal agreements by id, with their partner and their mandates counted by status.
// Params: $agreementIds
// Returns: agreement (map: agreementId, partnerCode, partnerId, partnerName, territories,
//          excluded, validFrom, validTo, adminFeePercent, partnerFeePercent (the partner's
//          default, decimal strings), rightTypes, status, reportingFrequency, notes,
//          lastCycleEnd, createdAt, updatedAt, mandates {active, suspended, superseded}), in the
//          order of $agreementIds; unknown ids return no row
UNWIND $agreementIds AS aid
MATCH (a:ReciprocalAgreement {agreementId: aid})-[:WITH_PARTNER]->(s:Society)
CALL (a, s) {
  OPTIONAL MATCH (s)-[m:COLLECTS {agreementId: a.agreementId}]->(:Work)
  WITH coalesce(m.status, 'active') AS status, count(m) AS n
  RETURN collect([status, n]) AS counts
}
RETURN a {.agreementId, .partnerCode, partnerId: s.participantId, partnerName: s.name, .territories,
          excluded: coalesce(a.excluded, []), .validFrom, .validTo, .adminFeePercent,
          partnerFeePercent: s.defaultAdminFeePercent, .rightTypes, .status, .reportingFrequency, .notes,
          .lastCycleEnd, .createdAt, .updatedAt,
          mandates: {active: coalesce([c IN counts WHERE c[0] = 'active' | c[1]][0], 0),
                     suspended: coalesce([c IN counts WHERE c[0] = 'suspended' | c[1]][0], 0),
                     superseded: coalesce([c IN counts WHERE c[0] = 'superseded' | c[1]][0], 0)}} AS agreement
