// Open ownership slices: (:Participant)-[:OWNS {…}]->(:Work|:Recording). A slice identical to
// an existing one (same owner, asset, right type, share, territories, dates) is not duplicated,
// so re-importing a catalog is harmless; a right type the asset cannot carry is not created.
// Params: $rows = [{participantId, assetId, rightType, role, share (int, millionths of 100 %),
//                   territories, excluded, validFrom (date), validTo (date|null), agreementId}],
//         $workRights, $recordingRights (right types each kind of asset carries)
// Returns: participantId, assetId, ownerFound, assetKind, rightAllowed, created (false when the
//          slice already existed or could not be created);
//          no row when the asset does not exist
UNWIND $rows AS r
OPTIONAL MATCH (p:Participant {participantId: r.participantId})
CALL (r) {
  MATCH (a:Recording {recordingId: r.assetId}) RETURN a
  UNION
  MATCH (a:Work {workId: r.assetId}) RETURN a
}
WITH r, p, a, r.rightType IN CASE WHEN a:Work THEN $workRights ELSE $recordingRights END AS rightAllowed
CALL (r, p, a, rightAllowed) {
  WITH r, p, a WHERE p IS NOT NULL AND rightAllowed AND NOT EXISTS {
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
RETURN r.participantId AS participantId, r.assetId AS assetId, r.rightType AS rightType, p IS NOT NULL AS ownerFound,
       CASE WHEN a:Work THEN 'work' ELSE 'recording' END AS assetKind, rightAllowed, n > 0 AS created
