// A participant's advance offers still open (neither accepted nor superseded) and not expired at $now.
// Params: $participantId, $currency, $now (datetime)
// Returns: offer (all properties), newest first
MATCH (o:AdvanceOffer {participantId: $participantId})
WHERE o.status = 'open' AND o.currency = $currency AND o.expiresAt > $now
RETURN o {.*} AS offer
ORDER BY o.offerId DESC
