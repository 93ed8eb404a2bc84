// Write the reallocation of RoyaltyEvents (app/services/reallocation.py), history kept: the
// event's attribution fields are updated; when its money moved, each live ALLOCATED edge is
// marked reversedBy the reversal entry, and the new edges are created — a reversing twin of
// each old edge (amount negated, reversal: true) and the new allocation (entryId, revision).
// So Σ ALLOCATED of an event is always its current allocation, and no edge is ever deleted.
// Params: $events = [{eventId, set: {field: value, …} (null removes), reversalEntryId|null,
//                     allocations: [{accountId, props: {amount, share, entryId, revision, …}}]}]
// Returns: reversed (edges marked reversed), created (edges created)
UNWIND $events AS ev
MATCH (e:RoyaltyEvent {eventId: ev.eventId})
SET e += ev.set
WITH e, ev
CALL (e, ev) {
  OPTIONAL MATCH (e)-[al:ALLOCATED]->()
  WHERE ev.reversalEntryId IS NOT NULL AND al.reversedBy IS NULL AND al.reversal IS NULL
  SET al.reversedBy = ev.reversalEntryId
  RETURN count(al) AS reversed
}
CALL (e, ev) {
  UNWIND ev.allocations AS x
  MATCH (a:Account {accountId: x.accountId})
  CREATE (e)-[n:ALLOCATED]->(a)
  SET n = x.props
  RETURN count(n) AS created
}
RETURN sum(reversed) AS reversed, sum(created) AS created
