// Change a partner's properties (the society code is fixed).
// Params: $participantId, $props (map of partner properties: name, country, partnerActive,
//         reportingStandard, defaultAdminFeePercent, contact, remittanceRequirements)
// Returns: participantId of the updated partner (no row for an unknown one)
MATCH (s:Society:Participant {participantId: $participantId})
SET s += $props, s.updatedAt = datetime()
RETURN s.participantId AS participantId
