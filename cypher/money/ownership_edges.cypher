// OWNS slices by their elementId (as rights/owners_at returns them), with the agreement each
// belongs to.
// Params: $edgeIds
// Returns: edgeId, participantId, name, assetId, rightType, share (millionths), role, territories,
//          excluded, validFrom, validTo, status, agreement {agreementId, type, title, status} | null
UNWIND $edgeIds AS edgeId
MATCH (p:Participant)-[o:OWNS]->(a) WHERE elementId(o) = edgeId
OPTIONAL MATCH (g:Agreement {agreementId: o.agreementId})
RETURN edgeId, p.participantId AS participantId, p.name AS name, coalesce(a.recordingId, a.workId) AS assetId,
       o.rightType AS rightType, o.share AS share, o.role AS role, o.territories AS territories,
       coalesce(o.excluded, []) AS excluded, o.validFrom AS validFrom, o.validTo AS validTo, o.status AS status,
       CASE WHEN g IS NULL THEN null ELSE g {.agreementId, .type, .title, .status} END AS agreement
