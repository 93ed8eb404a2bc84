// A partner's line items in a royalty cycle: what its remittance sums and its statement lists
// (by title, then line item).
// Params: $cycleId, $partnerCode (society code, e.g. 'ASCAP')
// Returns: item {lineItemId, agreementId, workId, recordingId, iswc, isrc, title, usageCount,
//          durationSeconds, grossMicro, feeMicro, netMicro, adminFeePercent, currency} per line item
MATCH (li:LineItem {cycleId: $cycleId, partnerCode: $partnerCode})
RETURN li {.lineItemId, .agreementId, .workId, .recordingId, .iswc, .isrc, .title, .usageCount,
           .durationSeconds, .grossMicro, .feeMicro, .netMicro, .adminFeePercent, .currency} AS item
ORDER BY toLower(coalesce(li.title, '')), li.lineItemId
