// The ownership slices of (asset, right type) valid at a date, or (with $atDate false) every
// slice that applies on or after it — the owners a split from that date would supersede.
// Params: $assetId (workId or recordingId), $rightType, $date (date), $atDate (boolean)
// Returns: participantId, role, share (millionths of 100 %), territories, excluded, validFrom,
//          validTo, agreementId, status
CALL () {
  MATCH (a:Recording {recordingId: $assetId}) RETURN a
  UNION
  MATCH (a:Work {workId: $assetId}) RETURN a
}
MATCH (p:Participant)-[o:OWNS {rightType: $rightType}]->(a)
WHERE (o.validTo IS NULL OR (o.validTo > $date AND o.validTo > o.validFrom))
  AND (NOT $atDate OR o.validFrom <= $date)
RETURN p.participantId AS participantId, o.role AS role, o.share AS share, o.territories AS territories,
       coalesce(o.excluded, []) AS excluded, o.validFrom AS validFrom, o.validTo AS validTo,
       o.agreementId AS agreementId, o.status AS status
ORDER BY participantId, validFrom
