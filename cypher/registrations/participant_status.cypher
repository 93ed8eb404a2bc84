// Registration status of a participant's repertoire on $asOf: one row per (asset, society) the
// asset should be registered with.
// * Works: those the participant holds a publishing share of (OWNS performance or mechanical
//   in force on $asOf), with the works societies it is a member of on $asOf (MEMBER_OF a
//   Society whose type is in $memberTypes); without any membership, with the societies of the
//   participant's country whose type is in $countryTypes (basis 'country').
// * Recordings: those it owns the master of (OWNS master in force on $asOf) or performs on
//   (PERFORMS_ON), with the societies $recordingSocieties (SoundExchange; basis 'standard').
// Params: $participantId, $asOf (date), $memberTypes (e.g. ['PRO', 'MRO', 'CMO']),
//         $countryTypes (e.g. ['PRO', 'CMO']), $recordingSocieties (e.g. ['SX'])
// Returns: assetId, assetKind (work | recording), title, code (ISWC | ISRC), societyCode,
//          societyName, basis (membership | country | standard), registrationStatus (the edge's
//          status, null when there is no edge), reference, submittedAt, registeredAt, rejectedAt
//          — no row for an unknown participant or one with nothing to register
MATCH (p:Participant {participantId: $participantId})
CALL (p) {
  OPTIONAL MATCH (p)-[m:MEMBER_OF]->(s:Society)
  WHERE s.type IN $memberTypes AND (m.validFrom IS NULL OR m.validFrom <= $asOf)
    AND (m.validTo IS NULL OR $asOf < m.validTo)
  RETURN collect(DISTINCT s) AS members
}
CALL (p, members) {
  OPTIONAL MATCH (s:Society)
  WHERE size(members) = 0 AND s.country = p.country AND s.type IN $countryTypes
  WITH collect(DISTINCT s) AS national
  RETURN CASE WHEN size(members) > 0 THEN members ELSE national END AS workSocieties
}
CALL (p, members, workSocieties) {
  MATCH (p)-[o:OWNS]->(a:Work)
  WHERE o.rightType IN ['performance', 'mechanical']
    AND o.validFrom <= $asOf AND (o.validTo IS NULL OR $asOf < o.validTo)
  WITH DISTINCT a
  UNWIND workSocieties AS s
  RETURN a, s, CASE WHEN size(members) > 0 THEN 'membership' ELSE 'country' END AS basis
  UNION
  CALL (p) {
    MATCH (p)-[o:OWNS {rightType: 'master'}]->(a:Recording)
    WHERE o.validFrom <= $asOf AND (o.validTo IS NULL OR $asOf < o.validTo)
    RETURN a
    UNION
    MATCH (p)-[:PERFORMS_ON]->(a:Recording)
    RETURN a
  }
  MATCH (s:Society) WHERE s.code IN $recordingSocieties
  RETURN a, s, 'standard' AS basis
}
OPTIONAL MATCH (a)-[reg:REGISTERED_WITH]->(s)
RETURN coalesce(a.workId, a.recordingId) AS assetId,
       CASE WHEN a:Work THEN 'work' ELSE 'recording' END AS assetKind,
       a.title AS title, coalesce(a.iswc, a.isrc) AS code, s.code AS societyCode, s.name AS societyName,
       basis, reg.status AS registrationStatus, reg.reference AS reference,
       reg.submittedAt AS submittedAt, reg.registeredAt AS registeredAt, reg.rejectedAt AS rejectedAt
ORDER BY assetKind DESC, assetId, societyCode
