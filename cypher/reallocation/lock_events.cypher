// Write-lock RoyaltyEvents before reallocating them (Neo4j's idiom: set and remove a dummy
// property), so concurrent reallocations of the same event run one after the other and each
// reads (reallocation/events, next in the same transaction) what the previous one left.
// Params: $eventIds = ['STM-000001:2', …] (sorted, so concurrent runs lock in the same order)
// Returns: locked (how many events exist among the ids)
UNWIND $eventIds AS id
MATCH (e:RoyaltyEvent {eventId: id})
SET e._lock = true
REMOVE e._lock
RETURN count(e) AS locked
