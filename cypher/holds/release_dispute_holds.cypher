// Empty the holds of a dispute that closed (resolved or rejected) and return what they held, so
// the caller re-allocates or returns it in the same transaction; the holds stay (history), with
// amount 0 and the released total.
// Params: $disputeId, $closedAs ('resolved' | 'rejected')
// Returns: hold {key, disputeId, participantId, currency, origin, assetId, rightType, territory, period,
//          source, sourceLabel, recordingId, amount (micro-units it held)}, one row per non-empty hold
MATCH (h:DisputeHold {disputeId: $disputeId})
WHERE h.amount <> 0
WITH h, h.amount AS held
ORDER BY h.key
SET h.released = h.released + held, h.amount = 0, h.closedAs = $closedAs, h.updatedAt = datetime()
RETURN h {.key, .disputeId, .participantId, .currency, .origin, .assetId, .rightType, .territory, .period,
          .source, .sourceLabel, .recordingId, amount: held} AS hold
