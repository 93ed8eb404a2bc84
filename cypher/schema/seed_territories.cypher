// Seed territories: creates or updates Territory nodes and their PART_OF edges.
// Params: $territories = [{code, name, kind, partOf: [code]}]
// Returns: count of territories written.
UNWIND $territories AS t
MERGE (n:Territory {code: t.code})
SET n.name = t.name, n.kind = t.kind
WITH n, t
UNWIND t.partOf AS parentCode
MATCH (parent:Territory {code: parentCode})
MERGE (n)-[:PART_OF]->(parent)
RETURN count(DISTINCT n) AS written
