// Create or update works. Matched on workId when given (a work the caller already identified,
// e.g. a repertoire import's fuzzy match: its ISWC is set when it had none), else on ISWC when
// given, else on externalRef (the catalog's stable key); a row with none is created. `newId` is
// used only when the node is created.
// Params: $rows = [{ref, newId, workId, iswc, title, alternateTitles}]
// Returns: ref, workId, created
UNWIND $rows AS r
CALL (r) {
  WITH r WHERE r.workId IS NOT NULL
  MATCH (w:Work {workId: r.workId})
  SET w.iswc = coalesce(w.iswc, r.iswc)
  RETURN w
  UNION
  WITH r WHERE r.workId IS NULL AND r.iswc IS NOT NULL
  MERGE (w:Work {iswc: r.iswc}) ON CREATE SET w.workId = r.newId, w.externalRef = r.ref
  RETURN w
  UNION
  WITH r WHERE r.workId IS NULL AND r.iswc IS NULL AND r.ref IS NOT NULL
  MERGE (w:Work {externalRef: r.ref}) ON CREATE SET w.workId = r.newId
  RETURN w
  UNION
  WITH r WHERE r.workId IS NULL AND r.iswc IS NULL AND r.ref IS NULL
  CREATE (w:Work {workId: r.newId})
  RETURN w
}
SET w.title = r.title, w.alternateTitles = r.alternateTitles
RETURN r.ref AS ref, w.workId AS workId, w.workId = r.newId AS created
