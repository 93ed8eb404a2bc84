// The plays of an import, in line order, with what became of them.
// Params: $importId
// Returns: line, playId, status, recordingId, chargeStatus, chargedMicro
MATCH (p:PlayLog {importId: $importId})
RETURN p.line AS line, p.playId AS playId, p.status AS status, p.recordingId AS recordingId,
       p.chargeStatus AS chargeStatus, p.chargedMicro AS chargedMicro
ORDER BY line
