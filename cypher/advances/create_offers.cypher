// Record advance offers made to a participant: (:AdvanceOffer {status: 'open'})-[:OFFERED_TO]->(:Participant).
// Params: $offers = [{offerId, participantId, currency, amount (micro-units), recoupPercent (millionths of
//                     100 %), buckets, estimatedPayoffMonths, createdAt, expiresAt (datetimes),
//                     trailingIncome, projectedIncome (micro-units), decayPerYear (decimal string)}]
// Returns: offerId, one row per offer created
UNWIND $offers AS x
MATCH (p:Participant {participantId: x.participantId})
CREATE (o:AdvanceOffer)
SET o = x, o.status = 'open'
CREATE (o)-[:OFFERED_TO]->(p)
RETURN o.offerId AS offerId
