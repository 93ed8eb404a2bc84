// Move a dispute to a new status (the caller checked the transition under lock.cypher's lock);
// a resolved or rejected dispute is closed (closedAt).
// Params: $disputeId, $status (open | in_review | resolved | rejected)
// Returns: disputeId
MATCH (d:Dispute {disputeId: $disputeId})
SET d.status = $status, d.updatedAt = datetime(),
    d.closedAt = CASE WHEN $status IN ['resolved', 'rejected'] THEN datetime() ELSE d.closedAt END
RETURN d.disputeId AS disputeId
