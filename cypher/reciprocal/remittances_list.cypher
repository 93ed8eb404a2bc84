// A page of remittance ids, newest first, with the total, filtered by cycle, partner (society
// code or participantId) and status (each filter ignored when null).
// Params: $skip, $limit, $cycleId|null, $partner|null, $status|null
// Returns: remittanceIds (the page), total
MATCH (r:Remittance)
WHERE ($cycleId IS NULL OR r.cycleId = $cycleId)
  AND ($status IS NULL OR r.status = $status)
  AND ($partner IS NULL OR r.partnerCode = $partner
       OR EXISTS { (r)-[:TO_PARTNER]->(:Society {participantId: $partner}) })
WITH r ORDER BY r.createdAt DESC, r.remittanceId DESC
WITH collect(r.remittanceId) AS ids
RETURN ids[$skip..$skip + $limit] AS remittanceIds, size(ids) AS total
