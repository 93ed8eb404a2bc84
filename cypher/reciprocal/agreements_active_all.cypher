// Every Active reciprocal agreement with what the scheduler needs to find due royalty cycles.
// Params: none
// Returns: agreementId, partnerCode, territories, validFrom, validTo, reportingFrequency,
//          lastCycleEnd; ordered by id
MATCH (a:ReciprocalAgreement {status: 'Active'})
RETURN a.agreementId AS agreementId, a.partnerCode AS partnerCode, a.territories AS territories,
       a.validFrom AS validFrom, a.validTo AS validTo, a.reportingFrequency AS reportingFrequency,
       a.lastCycleEnd AS lastCycleEnd
ORDER BY agreementId
