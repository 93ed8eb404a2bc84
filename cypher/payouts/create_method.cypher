// Add a payout method to a participant (not yet the default: set_default_method decides).
// Params: $participantId, $method {methodId, type, label, institution|null, last4|null, externalRef|null}
// Returns: methodId
MATCH (p:Participant {participantId: $participantId})
CREATE (p)-[:HAS_PAYOUT_METHOD]->(m:PayoutMethod)
SET m = $method, m.participantId = $participantId, m.isDefault = false, m.status = 'active',
    m.createdAt = datetime(), m.updatedAt = datetime()
RETURN m.methodId AS methodId
