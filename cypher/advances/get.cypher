// One advance by id.
// Params: $advanceId
// Returns: advance (all properties); no row for an unknown id
MATCH (a:Advance {advanceId: $advanceId})
RETURN a {.*} AS advance
