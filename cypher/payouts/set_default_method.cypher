// Make one payout method a participant's default (null: none) and copy its type and masked
// label to the participant's payoutMethodType / payoutMethodLabel, which the Money Hub shows.
// Params: $participantId, $methodId|null
// Returns: payoutMethodType, payoutMethodLabel (the participant's, after)
MATCH (p:Participant {participantId: $participantId})
OPTIONAL MATCH (p)-[:HAS_PAYOUT_METHOD]->(d:PayoutMethod {methodId: $methodId})
CALL (p) {
  MATCH (p)-[:HAS_PAYOUT_METHOD]->(m:PayoutMethod)
  WITH m, coalesce(m.methodId = $methodId, false) AS isDefault WHERE m.isDefault <> isDefault
  SET m.isDefault = isDefault, m.updatedAt = datetime()
}
SET p.payoutMethodType = d.type, p.payoutMethodLabel = d.label
RETURN p.payoutMethodType AS payoutMethodType, p.payoutMethodLabel AS payoutMethodLabel
