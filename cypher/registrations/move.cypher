// Move a registration to $status: stamps the date of the step (submittedAt for pending,
// registeredAt for registered, rejectedAt for rejected) and who did it; a null $reference keeps
// the society's reference already recorded.
// Params: $assetId (WRK-… or REC-…), $societyCode, $status (not_registered | pending |
//         registered | rejected), $reference (string | null), $by (the acting user)
// Returns: registration (the edge's properties after the move)
MATCH (s:Society {code: $societyCode})
CALL () {
  MATCH (a:Work {workId: $assetId}) RETURN a
  UNION
  MATCH (a:Recording {recordingId: $assetId}) RETURN a
}
MATCH (a)-[reg:REGISTERED_WITH]->(s)
SET reg.status = $status, reg.by = $by, reg.updatedAt = datetime(),
    reg.reference = coalesce($reference, reg.reference),
    reg.submittedAt = CASE WHEN $status = 'pending' THEN datetime() ELSE reg.submittedAt END,
    reg.registeredAt = CASE WHEN $status = 'registered' THEN datetime() ELSE reg.registeredAt END,
    reg.rejectedAt = CASE WHEN $status = 'rejected' THEN datetime() ELSE reg.rejectedAt END
RETURN properties(reg) AS registration
