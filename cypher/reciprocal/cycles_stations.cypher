// The stations whose country is (PART_OF*) a territory: a cycle's plays are theirs.
// Params: $territory (territory code: a country, a region, WORLD)
// Returns: stationId, name, currency — by stationId
MATCH (s:Station)
WHERE EXISTS { (:Territory {code: s.country})-[:PART_OF*0..]->(:Territory {code: $territory}) }
RETURN s.stationId AS stationId, s.name AS name, s.currency AS currency ORDER BY stationId
