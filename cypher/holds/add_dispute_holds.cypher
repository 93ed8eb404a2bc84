// Add to the money frozen under disputes. A DisputeHold is one dispute × participant × origin ×
// right type × territory × sale month × source × recording × currency: the detail a release or a
// resolution re-allocates and what the disputes payload sums. origin 'arrived': income frozen as it
// arrived; 'moved': income moved out of the wallet when the dispute opened. amount is what is
// frozen now (micro-units), released what left the hold when the dispute closed.
// Params: $rows = [{key, disputeId, participantId, currency, origin, assetId, rightType, territory,
//                   period, source, sourceLabel, recordingId, amount (signed micro-units)}]
// Returns: touched (holds created or changed)
UNWIND $rows AS r
MERGE (h:DisputeHold {key: r.key})
ON CREATE SET h = r, h.amount = 0, h.released = 0, h.createdAt = datetime()
SET h.amount = h.amount + r.amount, h.updatedAt = datetime()
RETURN count(h) AS touched
