// Seed territories: creates or updates Territory nodes and makes their PART_OF edges exactly
// the listed ones (nodes first, then edges, so a parent listed after its child is found; an
// edge the seed no longer lists — a membership that ended — is removed: PART_OF is reference
// structure, not rights history).
// Params: $territories = [{code, name, kind, tisCode (int or null), partOf: [code]}]
// Returns: count of territories written.
UNWIND $territories AS t
MERGE (n:Territory {code: t.code})
SET n.name = t.name, n.kind = t.kind, n.tisCode = t.tisCode
WITH collect(t) AS rows
UNWIND rows AS t
MATCH (n:Territory {code: t.code})
CALL (n, t) {
  MATCH (n)-[r:PART_OF]->(old:Territory) WHERE NOT old.code IN t.partOf
  DELETE r
}
CALL (n, t) {
  UNWIND t.partOf AS parentCode
  MATCH (parent:Territory {code: parentCode})
  MERGE (n)-[:PART_OF]->(parent)
}
RETURN count(DISTINCT n) AS written
