// RoyaltyEvents with their live allocation (ALLOCATED edges neither reversed, reversedBy, nor
// reversing, reversal) and the source of their statement — what reallocation decides on.
// Params: $eventIds = ['STM-000001:2', …]
// Returns: event (all properties), statementSource (the source of its statement, whose source
//          account the allocation debited), allocations [{accountId, kind (of the account),
//          participantId (the edge's, else the account's), amount (micro-units), share
//          (millionths|null), hold, disputeId, advanceId, props (all the edge's properties)}];
//          unknown ids return no row
UNWIND $eventIds AS id
MATCH (e:RoyaltyEvent {eventId: id})
OPTIONAL MATCH (s:Statement {statementId: e.statementId})
CALL (e) {
  OPTIONAL MATCH (e)-[al:ALLOCATED]->(a:Account)
  WHERE al.reversedBy IS NULL AND al.reversal IS NULL
  RETURN collect(CASE WHEN al IS NULL THEN null ELSE {accountId: a.accountId, kind: a.kind,
         participantId: coalesce(al.participantId, a.participantId), amount: al.amount, share: al.share,
         hold: al.hold, disputeId: al.disputeId, advanceId: al.advanceId, props: properties(al)} END) AS allocations
}
RETURN e {.*} AS event, s.source AS statementSource, allocations
ORDER BY e.eventId
