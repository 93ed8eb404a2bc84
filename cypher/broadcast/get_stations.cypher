// Stations with the balance of their pre-funded account.
// Params: $stationIds = ['STN-000001', …]
// Returns: station (map of its properties, plus balance: micro-units of its currency), in the
//          order given; no row for an unknown id
UNWIND $stationIds AS id
MATCH (s:Station {stationId: id})
OPTIONAL MATCH (a:Account {accountId: s.accountId})
RETURN s {.*, balance: coalesce(a.balance, 0)} AS station
