// Update one release (PATCH): properties and its track list.
// Params: $releaseId,
//         $props (map: title, upc, releaseDate, territories; a null value removes the property),
//         $tracks|null (null: unchanged; else the complete new list [{recordingId, trackNumber}])
// Returns: releaseId (no row when the release does not exist)
MATCH (x:Release {releaseId: $releaseId})
SET x += $props
WITH x
CALL (x) {
  WITH x WHERE $tracks IS NOT NULL
  MATCH (x)-[old:CONTAINS]->(r:Recording)
  WHERE NOT r.recordingId IN [t IN $tracks | t.recordingId]
  DELETE old
}
CALL (x) {
  UNWIND coalesce($tracks, []) AS t
  MATCH (r:Recording {recordingId: t.recordingId})
  MERGE (x)-[c:CONTAINS]->(r)
  SET c.trackNumber = t.trackNumber
}
RETURN x.releaseId AS releaseId
