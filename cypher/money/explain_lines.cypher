// The statement lines (RoyaltyEvents) a journal entry allocated to an account, in line order: a
// page of them with every allocation of each line in that entry (who got which part, and any
// hold), and the count and sum over all of them. Uses the ALLOCATED.entryId index, so it reads
// one entry's lines, not the account's history.
// Params: $entryId, $accountId, $skip, $limit
// Returns: one row: total (lines), amount (micro-units credited to the account by them), lines [{event
//          (the RoyaltyEvent's properties), amount (to this account), allocations [{accountId, kind,
//          participantId, amount, share (millionths|null), hold, disputeId, advanceId}]}]
MATCH (ev:RoyaltyEvent)-[al:ALLOCATED]->(acc:Account)
USING INDEX al:ALLOCATED(entryId)
WHERE al.entryId = $entryId AND acc.accountId = $accountId
WITH ev, sum(al.amount) AS amount ORDER BY ev.statementId, ev.line
WITH collect({ev: ev, amount: amount}) AS rows
WITH size(rows) AS total, reduce(s = 0, r IN rows | s + r.amount) AS amount, rows[$skip..$skip + $limit] AS page
CALL (page) {
  UNWIND page AS r
  WITH r.ev AS ev, r.amount AS amount
  RETURN collect({event: ev {.*}, amount: amount,
                  allocations: [(ev)-[x:ALLOCATED]->(a:Account) WHERE x.entryId = $entryId |
                                {accountId: a.accountId, kind: a.kind,
                                 participantId: coalesce(x.participantId, a.participantId), amount: x.amount,
                                 share: x.share, hold: x.hold, disputeId: x.disputeId,
                                 advanceId: x.advanceId}]}) AS lines
}
RETURN total, amount, lines
