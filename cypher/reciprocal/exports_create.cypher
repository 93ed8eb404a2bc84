// Record a partner report generated for a cycle (an Export node; the file is already on disk).
// Params: $export {exportId, cycleId, partnerCode, format, path, filename, sha256, rows,
//         generatedAt (datetime), generatedBy}
// Returns: export (the node's properties)
MATCH (c:RoyaltyCycle {cycleId: $export.cycleId})
CREATE (e:Export)
SET e = $export
CREATE (c)-[:HAS_EXPORT]->(e)
RETURN properties(e) AS export
