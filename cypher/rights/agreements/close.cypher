// End what an agreement holds from a date (an amendment or a termination); nothing is deleted.
// Its OWNS and COLLECTS edges (those carrying its agreementId), and its PARTY_TO and COVERS
// edges, that are valid on or after the date end on it (validTo = date), or are left empty
// (validTo = validFrom, so they never apply) when they start later. OWNS/COLLECTS that still
// applied before the date take status $status ('superseded' for an amendment) or keep theirs
// ($status null, a termination); those left empty become 'superseded'.
// Params: $agreementId, $date (date), $status ('superseded' | null)
// Returns: owns, collects (edges ended), links (PARTY_TO and COVERS edges ended)
MATCH (a:Agreement {agreementId: $agreementId})
CALL (a) {
  OPTIONAL MATCH (a)-[:COVERS]->(x)
  WITH DISTINCT a, x
  OPTIONAL MATCH (x)<-[e:OWNS|COLLECTS]-()
  WHERE e.agreementId = a.agreementId AND (e.validTo IS NULL OR (e.validTo > $date AND e.validTo > e.validFrom))
  SET e.status = CASE WHEN e.validFrom < $date THEN coalesce($status, e.status) ELSE 'superseded' END,
      e.validTo = CASE WHEN e.validFrom < $date THEN $date ELSE e.validFrom END
  RETURN count(CASE type(e) WHEN 'OWNS' THEN 1 END) AS owns, count(CASE type(e) WHEN 'COLLECTS' THEN 1 END) AS collects
}
CALL (a) {
  OPTIONAL MATCH (a)-[l:PARTY_TO|COVERS]-()
  WHERE l.validTo IS NULL OR (l.validTo > $date AND l.validTo > l.validFrom)
  SET l.validTo = CASE WHEN l.validFrom < $date THEN $date ELSE l.validFrom END
  RETURN count(l) AS links
}
RETURN owns, collects, links
