// Supersede the ownership slices of (asset, right type) that apply on or after an effective
// date, before a new split is opened from that date. Nothing is deleted: a slice valid before
// the date ends on it (validTo = date); a slice starting on or after it is left empty
// (validTo = validFrom, so it never applies); both become status 'superseded'. Slices already
// ended by the date, or already empty, are untouched. The asset's splitChangedAt is stamped
// first: that takes its write lock, so concurrent split writes of one asset run one after the
// other and each sees the slices the previous one left.
// Params: $splits = [{assetId (workId or recordingId), rightType, effectiveFrom (date)}]
// Returns: one row per superseded slice, as it was: assetId, rightType, participantId, role,
//          share (millionths of 100 %), territories, excluded, validFrom, validTo, agreementId
UNWIND $splits AS s
CALL (s) {
  MATCH (a:Recording {recordingId: s.assetId}) RETURN a
  UNION
  MATCH (a:Work {workId: s.assetId}) RETURN a
}
SET a.splitChangedAt = datetime()
WITH s, a
MATCH (p:Participant)-[o:OWNS {rightType: s.rightType}]->(a)
WHERE o.validTo IS NULL OR (o.validTo > s.effectiveFrom AND o.validTo > o.validFrom)
WITH s, p, o, o.validTo AS oldValidTo
SET o.validTo = CASE WHEN o.validFrom < s.effectiveFrom THEN s.effectiveFrom ELSE o.validFrom END,
    o.status = 'superseded', o.supersededAt = datetime()
RETURN s.assetId AS assetId, s.rightType AS rightType, p.participantId AS participantId, o.role AS role,
       o.share AS share, o.territories AS territories, coalesce(o.excluded, []) AS excluded,
       o.validFrom AS validFrom, oldValidTo AS validTo, o.agreementId AS agreementId
ORDER BY assetId, rightType, participantId, validFrom
