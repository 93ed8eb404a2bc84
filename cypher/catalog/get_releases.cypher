// Releases by id with their track list.
// Params: $releaseIds
// Returns: release (map: releaseId, title, upc, releaseDate, territories,
//          tracks [{trackNumber, recordingId, title, isrc}] by track number),
//          in the order of $releaseIds; unknown ids return no row
UNWIND $releaseIds AS xid
MATCH (x:Release {releaseId: xid})
CALL (x) {
  OPTIONAL MATCH (x)-[c:CONTAINS]->(r:Recording)
  WITH c, r ORDER BY c.trackNumber, r.recordingId
  RETURN collect(CASE WHEN r IS NULL THEN null ELSE {trackNumber: c.trackNumber, recordingId: r.recordingId,
                 title: r.title, isrc: r.isrc} END) AS tracks
}
RETURN x {.releaseId, .title, .upc, .releaseDate, territories: coalesce(x.territories, []), tracks: tracks} AS release
