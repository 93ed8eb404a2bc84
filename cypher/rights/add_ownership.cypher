// Open ownership slices: (:Participant)-[:OWNS {…}]->(:Work|:Recording). A slice identical to
// an existing one (same owner, asset, right type, share, territories, dates) is not duplicated,
// so re-importing a catalog is harmless.
// Params: $rows = [{participantId, assetId, rightType, role, share (int, millionths of 100 %),
//                   territories, excluded, validFrom (date), validTo (date|null), agreementId}]
// Returns: participantId, assetId, ownerFound, created (false when the slice already existed);
//          no row when the asset does not exist
UNWIND $rows AS r
OPTIONAL MATCH (p:Participant {participantId: r.participantId})
CALL (r) {
  MATCH (a:Recording {recordingId: r.assetId}) RETURN a
  UNION
  MATCH (a:Work {workId: r.assetId}) RETURN a
}
WITH r, p, a
CALL (r, p, a) {
  WITH r, p, a WHERE p IS NOT NULL AND NOT EXISTS {
    MATCH (p)-[o:OWNS {rightType: r.rightType, share: r.share, validFrom: r.validFrom}]->(a)
    WHERE o.territories = r.territories AND coalesce(o.excluded, []) = r.excluded
      AND coalesce(o.validTo, date('9999-12-31')) = coalesce(r.validTo, date('9999-12-31'))
  }
  CREATE (p)-[o:OWNS {rightType: r.rightType, role: r.role, share: r.share,
                      territories: r.territories, excluded: r.excluded,
                      validFrom: r.validFrom, validTo: r.validTo,
                      agreementId: r.agreementId, status: 'active', createdAt: datetime()}]->(a)
  RETURN count(o) AS n
}
RETURN r.participantId AS participantId, r.assetId AS assetId, p IS NOT NULL AS ownerFound, n > 0 AS created
