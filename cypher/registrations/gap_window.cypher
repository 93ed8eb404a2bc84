// The dates around $asOf between which a participant's registration duties cannot change by the
// calendar alone: the latest start or end of one of its relevant ownerships (publishing of works,
// masters of recordings) or society memberships on or before $asOf, and the earliest after it.
// Params: $participantId, $asOf (date)
// Returns: validFrom (date | null: none before), validUntil (date | null: none after)
MATCH (p:Participant {participantId: $participantId})
CALL (p) {
  MATCH (p)-[o:OWNS]->(a)
  WHERE (a:Work AND o.rightType IN ['performance', 'mechanical']) OR (a:Recording AND o.rightType = 'master')
  UNWIND [o.validFrom, o.validTo] AS d
  RETURN d
  UNION
  MATCH (p)-[m:MEMBER_OF]->(:Society)
  UNWIND [m.validFrom, m.validTo] AS d
  RETURN d
}
WITH d WHERE d IS NOT NULL
RETURN max(CASE WHEN d <= $asOf THEN d END) AS validFrom, min(CASE WHEN d > $asOf THEN d END) AS validUntil
