// Who a participant is signed to on a date: the other parties of an active publishing
// agreement (publishing administration or co-publishing) on which the participant is the
// artist or writer and they the publisher or administrator, both PARTY_TO links in force that
// day (validFrom <= date < validTo; an amendment or termination ends them).
// Params: $items = [{key, participantId, date (date)}], $types, $artistRoles, $publisherRoles
// Returns: key, publisherId, publisherName, agreementId, agreementType, since (the link's validFrom);
//          one row per publisher and agreement; a key with none returns no row
UNWIND $items AS it
MATCH (a:Participant {participantId: it.participantId})-[pa:PARTY_TO]->(ag:Agreement)<-[pp:PARTY_TO]-(pub:Participant)
WHERE ag.type IN $types AND pa.role IN $artistRoles AND pp.role IN $publisherRoles AND pub <> a
  AND coalesce(ag.status, 'active') <> 'terminated'
  AND pa.validFrom <= it.date AND (pa.validTo IS NULL OR it.date < pa.validTo)
  AND pp.validFrom <= it.date AND (pp.validTo IS NULL OR it.date < pp.validTo)
RETURN it.key AS key, pub.participantId AS publisherId, pub.name AS publisherName, ag.agreementId AS agreementId,
       ag.type AS agreementType, pa.validFrom AS since
ORDER BY key, publisherId, agreementId
