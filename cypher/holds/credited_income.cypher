// Income of a disputed asset already credited to the dispute's parties' wallets — what the
// dispute freezes when it opens: statement lines (RoyaltyEvents) paid on the asset the dispute is
// ABOUT (its right type; all when it has none), their live ALLOCATED edges (not reversed) to a
// party's wallet in $currency, posted at or after $since (the journal entry's time; the
// statement's registration for edges without an entry), summed per party × right type ×
// territory × sale month × source × recording. What other disputes already moved out of the wallet
// for the same income (their 'moved' holds not yet released) is subtracted: nothing is frozen twice.
// Params: $disputeId, $currency, $since (datetime)
// Returns: participantId, assetId, rightType, territory, period, source, sourceLabel, recordingId,
//          amount (micro-units, > 0 only)
MATCH (d:Dispute {disputeId: $disputeId})-[:ABOUT]->(a)
WITH d, a, coalesce(a.recordingId, a.workId) AS assetId,
     COLLECT { MATCH (d)-[:RAISED_BY|INVOLVES]->(p:Participant) RETURN DISTINCT p.participantId } AS parties
CALL (a, assetId) {
  MATCH (e:RoyaltyEvent {assetId: assetId}) RETURN e
  UNION
  MATCH (e:RoyaltyEvent {recordingId: assetId}) WHERE e.assetId IS NULL RETURN e
}
WITH d, assetId, parties, e
WHERE d.rightType IS NULL OR e.rightType = d.rightType
MATCH (e)-[al:ALLOCATED]->(w:Account {kind: 'wallet'})
WHERE w.currency = $currency AND w.participantId IN parties AND al.reversedBy IS NULL AND al.reversal IS NULL
OPTIONAL MATCH (j:JournalEntry {entryId: al.entryId})
OPTIONAL MATCH (s:Statement {statementId: e.statementId})
WITH d, assetId, e, w, al WHERE coalesce(j.at, s.registeredAt) >= $since
WITH d, assetId, w.participantId AS participantId, e.rightType AS rightType, e.territory AS territory,
     e.period AS period, e.source AS source, e.recordingId AS recordingId, sum(al.amount) AS credited
CALL (d, participantId, assetId, rightType, territory, period, source, recordingId) {
  OPTIONAL MATCH (h:DisputeHold {participantId: participantId, origin: 'moved', assetId: assetId})
  WHERE h.disputeId <> d.disputeId AND h.amount > 0 AND h.rightType = rightType AND h.territory = territory
    AND h.period = period AND h.source = source AND coalesce(h.recordingId, '') = coalesce(recordingId, '')
    AND h.currency = $currency
  RETURN coalesce(sum(h.amount), 0) AS frozen
}
WITH participantId, assetId, rightType, territory, period, source, recordingId, credited - frozen AS amount
WHERE amount > 0
RETURN participantId, assetId, rightType, territory, period, source,
       coalesce(head(COLLECT { MATCH (x:PeriodIncomeRollup {participantId: participantId}) WHERE x.source = source
                               RETURN x.sourceLabel LIMIT 1 }), source) AS sourceLabel,
       recordingId, amount
ORDER BY participantId, rightType, territory, period, source, recordingId
