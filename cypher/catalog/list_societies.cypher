// The societies (PROs, MROs, NROs, CMOs), ordered by code, optionally filtered.
// Params: $type|null (PRO|MRO|NRO|CMO), $country|null (ISO alpha-2)
// Returns: code, name, type, country, cisacCode
MATCH (s:Society)
WHERE ($type IS NULL OR s.type = $type) AND ($country IS NULL OR s.country = $country)
RETURN s.code AS code, s.name AS name, s.type AS type, s.country AS country, s.cisacCode AS cisacCode
ORDER BY code
