// Territories, optionally of one kind, one TIS numeric code, and/or inside one territory
// (PART_OF*, at any depth: partOf '2EN' lists the EU's countries), ordered by code.
// Params: $kind ('country' | 'region' | 'world' | null = any), $tisCode (int | null = any),
//         $partOf (territory code | null = any), $skip, $limit
// Returns: total (all matches), territories: the page [{code, name, kind, tisCode,
//          partOf: codes of the territories directly above}]
MATCH (t:Territory)
WHERE ($kind IS NULL OR t.kind = $kind)
  AND ($tisCode IS NULL OR t.tisCode = $tisCode)
  AND ($partOf IS NULL OR EXISTS { (t)-[:PART_OF*1..]->(:Territory {code: $partOf}) })
WITH t ORDER BY t.code
WITH collect(t) AS matches
RETURN size(matches) AS total,
       [t IN matches[$skip..$skip + $limit] | {code: t.code, name: t.name, kind: t.kind, tisCode: t.tisCode,
        partOf: [(t)-[:PART_OF]->(p:Territory) | p.code]}] AS territories
