// Create or update releases and their track list. Matched on UPC when given, else externalRef.
// Params: $rows = [{ref, newId, upc, title, releaseDate (date|null), territories,
//                   tracks: [{recordingId, trackNumber}]}]
// Returns: ref, releaseId, created
UNWIND $rows AS r
CALL (r) {
  WITH r WHERE r.upc IS NOT NULL
  MERGE (x:Release {upc: r.upc}) ON CREATE SET x.releaseId = r.newId, x.externalRef = r.ref
  RETURN x
  UNION
  WITH r WHERE r.upc IS NULL AND r.ref IS NOT NULL
  MERGE (x:Release {externalRef: r.ref}) ON CREATE SET x.releaseId = r.newId
  RETURN x
  UNION
  WITH r WHERE r.upc IS NULL AND r.ref IS NULL
  CREATE (x:Release {releaseId: r.newId})
  RETURN x
}
SET x.title = r.title, x.releaseDate = r.releaseDate, x.territories = r.territories
WITH x, r
CALL (x, r) {
  UNWIND r.tracks AS t
  MATCH (rec:Recording {recordingId: t.recordingId})
  MERGE (x)-[c:CONTAINS]->(rec)
  SET c.trackNumber = t.trackNumber
}
RETURN r.ref AS ref, x.releaseId AS releaseId, x.releaseId = r.newId AS created
