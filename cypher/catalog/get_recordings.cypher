// Recordings by id with their work, performers, releases, and sound-recording owners at a date.
// The sound-recording owners are the participants holding a master OWNS slice valid at $asOf
// (validFrom <= asOf < validTo, validTo null = open), in any territory.
// Params: $recordingIds, $asOf (date)
// Returns: recording (map: recordingId, title, isrc, version, durationSeconds, workId,
//          performers [{participantId, name, role (primary|featured|non_featured)}] primary first,
//          releases [{releaseId, title, upc, trackNumber}] by releaseId,
//          owners [{participantId, name, share (millionths of 100 %), territories, excluded,
//          validFrom, validTo, agreementId}] by participant and validFrom),
//          in the order of $recordingIds; unknown ids return no row
UNWIND $recordingIds AS rid
MATCH (r:Recording {recordingId: rid})
OPTIONAL MATCH (r)-[:RECORDING_OF]->(w:Work)
CALL (r) {
  OPTIONAL MATCH (p:Participant)-[on:PERFORMS_ON]->(r)
  WITH p, on ORDER BY CASE on.role WHEN 'primary' THEN 0 WHEN 'featured' THEN 1 ELSE 2 END, p.participantId
  RETURN collect(CASE WHEN p IS NULL THEN null ELSE {participantId: p.participantId, name: p.name, role: on.role} END) AS performers
}
CALL (r) {
  OPTIONAL MATCH (x:Release)-[c:CONTAINS]->(r)
  WITH x, c ORDER BY x.releaseId
  RETURN collect(CASE WHEN x IS NULL THEN null ELSE {releaseId: x.releaseId, title: x.title, upc: x.upc,
                 trackNumber: c.trackNumber} END) AS releases
}
CALL (r) {
  OPTIONAL MATCH (p:Participant)-[o:OWNS {rightType: 'master'}]->(r)
  WHERE o.validFrom <= $asOf AND (o.validTo IS NULL OR $asOf < o.validTo)
  WITH p, o ORDER BY p.participantId, o.validFrom
  RETURN collect(CASE WHEN o IS NULL THEN null ELSE {participantId: p.participantId, name: p.name, share: o.share,
                 territories: o.territories, excluded: coalesce(o.excluded, []), validFrom: o.validFrom,
                 validTo: o.validTo, agreementId: o.agreementId} END) AS owners
}
RETURN r {.recordingId, .title, .isrc, .version, .durationSeconds, workId: w.workId, performers: performers,
          releases: releases, owners: owners} AS recording
