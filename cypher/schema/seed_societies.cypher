// Seed societies: creates or updates the Society nodes (PROs, MROs, NROs, CMOs) by code.
// Params: $societies = [{code, name, type (PRO|MRO|NRO|CMO), country (ISO alpha-2), cisacCode|null}]
// Returns: written (count of societies written)
UNWIND $societies AS s
MERGE (n:Society {code: s.code})
SET n.name = s.name, n.type = s.type, n.country = s.country, n.cisacCode = s.cisacCode
RETURN count(n) AS written
