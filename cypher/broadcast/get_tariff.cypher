// One tariff version.
// Params: $tariffId
// Returns: tariff (map of its properties); no row for an unknown id
MATCH (t:Tariff {tariffId: $tariffId})
RETURN t {.*} AS tariff
