// Write accepted plays, once each: a play whose sourceKey exists is left as it is (the same
// file again, or another export reporting the same play).
// Params: $importId, $plays = [{playId (reserved), sourceKey, stationId, line, playedAt (datetime),
//          localDate (date), title, artist, isrc, durationSeconds, detectionConfidence, usageType,
//          fingerprint, externalId, extra (JSON)}]
// Returns: sourceKey, playId, created, importId, line (those of the play as stored)
UNWIND $plays AS p
MERGE (x:PlayLog {sourceKey: p.sourceKey})
ON CREATE SET x += p, x.importId = $importId, x.status = 'unattributed', x.chargeStatus = 'pending'
RETURN p.sourceKey AS sourceKey, x.playId AS playId, x.playId = p.playId AS created, x.importId AS importId,
       x.line AS line
