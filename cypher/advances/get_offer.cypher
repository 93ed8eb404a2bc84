// One advance offer by id.
// Params: $offerId
// Returns: offer (all properties); no row for an unknown id
MATCH (o:AdvanceOffer {offerId: $offerId})
RETURN o {.*} AS offer
