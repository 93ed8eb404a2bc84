// Money frozen under disputes, per dispute and participant, in one currency: what each party has
// on hold for each dispute now (Σ of its DisputeHolds). Every filter is ignored when null.
// Params: $currency, $disputeId|null, $participantId|null
// Returns: disputeId, participantId, amount (micro-units frozen now), released (micro-units released
//          when the dispute closed)
MATCH (h:DisputeHold)
WHERE h.currency = $currency
  AND ($disputeId IS NULL OR h.disputeId = $disputeId)
  AND ($participantId IS NULL OR h.participantId = $participantId)
RETURN h.disputeId AS disputeId, h.participantId AS participantId, sum(h.amount) AS amount,
       sum(h.released) AS released
ORDER BY disputeId, participantId
