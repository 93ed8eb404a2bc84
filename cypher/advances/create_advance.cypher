// Grant an advance from an accepted offer: (:Advance {status: 'active'})-[:ADVANCED_TO]->(:Participant),
// (:AdvanceOffer)-[:ACCEPTED_AS]->(:Advance); the offer becomes 'accepted' and the participant's
// other open offers 'superseded' (their terms assumed no advance outstanding).
// Params: $advance = {advanceId, offerId, participantId, currency, amount (micro-units), recoupPercent
//                     (millionths), buckets, rightTypes, recouped (0), basis (0), grantedAt, grantedBy,
//                     estimatedPayoffMonths, entryId}
// Returns: advanceId, superseded (count of other offers superseded)
MATCH (p:Participant {participantId: $advance.participantId})
MATCH (o:AdvanceOffer {offerId: $advance.offerId})
CREATE (a:Advance)
SET a = $advance, a.status = 'active'
CREATE (a)-[:ADVANCED_TO]->(p)
CREATE (o)-[:ACCEPTED_AS]->(a)
SET o.status = 'accepted', o.advanceId = a.advanceId, o.acceptedAt = $advance.grantedAt
WITH a, o
CALL (a, o) {
  MATCH (other:AdvanceOffer {participantId: a.participantId})
  WHERE other.status = 'open' AND other <> o
  SET other.status = 'superseded', other.supersededBy = a.advanceId
  RETURN count(other) AS superseded
}
RETURN a.advanceId AS advanceId, superseded
