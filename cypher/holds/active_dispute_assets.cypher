// The works and recordings income is held for: every open or in-review dispute with the asset it
// is ABOUT (few rows: a statement batch checks its assets against them before locking any).
// Params: none
// Returns: disputeId, assetId
MATCH (d:Dispute)-[:ABOUT]->(a)
WHERE d.status IN ['open', 'in_review']
RETURN d.disputeId AS disputeId, coalesce(a.recordingId, a.workId) AS assetId
ORDER BY disputeId
