// Write normalized statement lines as RoyaltyEvents with their allocation to accounts
// (wallets, or suspense for unowned money): (:RoyaltyEvent)-[:ALLOCATED {amount, share}]->(:Account)
// Params: $events = [{props: {eventId, statementId, line, source, usageType, rightType, territory,
//                             period, units, grossMicro, currency, isrc, recordingId, matchMethod,
//                             title, artist},
//                     allocations: [{accountId, amount (micro-units), share (millionths|null)}]}]
// Returns: count of allocations written
UNWIND $events AS ev
CREATE (e:RoyaltyEvent)
SET e = ev.props
WITH e, ev
UNWIND ev.allocations AS al
MATCH (a:Account {accountId: al.accountId})
CREATE (e)-[:ALLOCATED {amount: al.amount, share: al.share}]->(a)
RETURN count(*) AS allocations
