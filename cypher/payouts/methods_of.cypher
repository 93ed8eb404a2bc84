// A participant's payout methods (newest first) and its display payout method fields.
// Params: $participantId
// Returns: participant {participantId, payoutMethodType, payoutMethodLabel}, methods: [{methodId,
//          participantId, type, label, institution, last4, externalRef, isDefault, status,
//          createdAt, updatedAt}] — no row for an unknown participant
MATCH (p:Participant {participantId: $participantId})
RETURN p {.participantId, .payoutMethodType, .payoutMethodLabel} AS participant,
       COLLECT { MATCH (p)-[:HAS_PAYOUT_METHOD]->(m:PayoutMethod)
                 RETURN m {.methodId, .participantId, .type, .label, .institution, .last4, .externalRef,
                           .isDefault, .status, .createdAt, .updatedAt}
                 ORDER BY m.methodId DESC } AS methods
