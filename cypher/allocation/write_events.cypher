// Write normalized statement lines as RoyaltyEvents with their allocation to accounts
// (wallets, or suspense for unowned money): (:RoyaltyEvent)-[:ALLOCATED {amount, share, entryId}]->(:Account),
// entryId naming the journal entry that posted the money (what explains a wallet transaction);
// a participant's part also names its participantId and why it went to that account: hold null
// (the wallet), 'dispute' (its frozen account, disputeId) or 'recoupment' (its advance
// receivable, advanceId) — app/services/holds.py. Each account is matched once per batch; an
// allocation names it by its position in $accountIds (app/services/event_writer.py). A missing
// account stays a null in its position, so the CREATE fails rather than mis-assign money.
// Params: $accountIds = ['ACC-SUSPENSE-USD', 'WAL-000001', …] (every account the allocations name),
//         $events = [{props: {eventId, statementId, line, source, usageType, rightType, territory,
//                             period, units, grossMicro, currency, isrc, recordingId, matchMethod,
//                             title, artist},
//                     allocations: [{account (position in $accountIds), amount (micro-units),
//                                    share (millionths|null), participantId|null, hold|null,
//                                    disputeId|null, advanceId|null}]}],
//         $entryId (the batch's journal entry)
// Returns: allocations (count of edges written)
UNWIND $accountIds AS accountId
OPTIONAL MATCH (a:Account {accountId: accountId})
WITH collect([a]) AS accounts
UNWIND $events AS ev
CREATE (e:RoyaltyEvent)
SET e = ev.props
WITH e, ev, accounts
UNWIND ev.allocations AS al
WITH e, al, accounts[al.account][0] AS a
CREATE (e)-[:ALLOCATED {amount: al.amount, share: al.share, entryId: $entryId, participantId: al.participantId,
                        hold: al.hold, disputeId: al.disputeId, advanceId: al.advanceId}]->(a)
RETURN count(*) AS allocations
