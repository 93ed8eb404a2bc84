// Add credited income to the per participant × month × source × recording rollups.
// Params: $rows = [{key, participantId, period 'YYYY-MM', source, sourceLabel, recordingId|null,
//                   currency, amount (micro-units, signed)}]
// Returns: count of rollups touched
UNWIND $rows AS r
MERGE (x:IncomeRollup {key: r.key})
ON CREATE SET x.participantId = r.participantId, x.period = r.period, x.source = r.source,
              x.sourceLabel = r.sourceLabel, x.recordingId = r.recordingId, x.currency = r.currency,
              x.amount = 0
SET x.amount = x.amount + r.amount
RETURN count(x) AS touched
