// Open data-quality findings about the ownership of participants' works and recordings (split
// gaps, overlaps — ownership conflicts — and the publisher share rule), per participant holding
// a slice of the asset in force on $asOf.
// Params: $participantIds, $asOf (date), $kinds (e.g. ['split_gap', 'split_overlap', 'publisher_share'])
// Returns: participantId, assetId, title, issueId, kind, message
UNWIND $participantIds AS pid
MATCH (:Participant {participantId: pid})-[o:OWNS]->(a)
WHERE o.validFrom <= $asOf AND (o.validTo IS NULL OR $asOf < o.validTo)
WITH DISTINCT pid, a, coalesce(a.recordingId, a.workId) AS assetId
MATCH (q:DataQualityIssue {entityId: assetId})
WHERE q.status = 'open' AND q.kind IN $kinds
RETURN pid AS participantId, assetId, a.title AS title, q.issueId AS issueId, q.kind AS kind, q.message AS message
ORDER BY participantId, issueId
