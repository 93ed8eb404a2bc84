// Does a country fall under an edge's territory lists? It does when it is PART_OF* one of the
// included territories and of none of the excluded ones (the rule of owners_at / mandate_at).
// Params: $country (territory code), $territories (included codes), $excluded (excluded codes)
// Returns: country, matches, includedPath (codes from the country up to the nearest included
//          territory, or null), excludedPath (the same for the nearest excluded one, or null);
//          no row when the country is not a territory
MATCH (c:Territory {code: $country})
OPTIONAL CALL (c) {
  MATCH p = (c)-[:PART_OF*0..]->(t:Territory) WHERE t.code IN $territories
  RETURN [n IN nodes(p) | n.code] AS includedPath ORDER BY length(p), includedPath LIMIT 1
}
OPTIONAL CALL (c) {
  MATCH p = (c)-[:PART_OF*0..]->(t:Territory) WHERE t.code IN $excluded
  RETURN [n IN nodes(p) | n.code] AS excludedPath ORDER BY length(p), excludedPath LIMIT 1
}
RETURN c.code AS country, includedPath IS NOT NULL AND excludedPath IS NULL AS matches, includedPath, excludedPath
