// Disputes that hold income (app/services/holds.py: a dispute freezes the income of the asset it
// is ABOUT, for its right type — all rights when it has none — and for its parties: who raised it
// and who it involves), write-locked (Neo4j's idiom: set and remove a dummy property) and read
// under the lock, so a dispute cannot close while income is being frozen under it; the caller
// keeps only those still open or in_review.
// Params: $disputeIds (sorted, so concurrent transactions lock in the same order)
// Returns: disputeId, assetId, status, rightType (null: every right of the asset), parties [participantId]
UNWIND $disputeIds AS id
MATCH (d:Dispute {disputeId: id})-[:ABOUT]->(a)
SET d._lock = true
REMOVE d._lock
RETURN d.disputeId AS disputeId, coalesce(a.recordingId, a.workId) AS assetId, d.status AS status,
       d.rightType AS rightType,
       COLLECT { MATCH (d)-[:RAISED_BY|INVOLVES]->(p:Participant) RETURN DISTINCT p.participantId } AS parties
ORDER BY disputeId
