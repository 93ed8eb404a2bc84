// A page of reciprocal agreements (ordered by id) and their total; each filter applies when given.
// Params: $partnerCode (string|null), $status (string|null), $skip, $limit
// Returns: agreementIds (the page), total
MATCH (a:ReciprocalAgreement)
WHERE ($partnerCode IS NULL OR a.partnerCode = $partnerCode) AND ($status IS NULL OR a.status = $status)
WITH a ORDER BY a.agreementId
WITH collect(a.agreementId) AS ids
RETURN ids[$skip..$skip + $limit] AS agreementIds, size(ids) AS total
