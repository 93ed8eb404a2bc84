// Top earning recordings of a participant: the income credited to its wallet per recording, all
// periods, from the income rollups the allocation keeps (participant × month × source × recording).
// Params (in Neo4j Browser, run these first):
//   :param participantId => 'PART-000001'
//   :param limit => 10               // how many recordings
// Returns: recordingId, isrc, title, currency, amount (exact, text), amountMicro (micro-units),
//          periods (months with income), firstPeriod, lastPeriod — highest amount first
MATCH (x:IncomeRollup)
WHERE x.key STARTS WITH $participantId + '|' AND x.recordingId IS NOT NULL
WITH x.recordingId AS recordingId, x.currency AS currency, sum(x.amount) AS micro,
     count(DISTINCT x.period) AS periods, min(x.period) AS firstPeriod, max(x.period) AS lastPeriod
OPTIONAL MATCH (r:Recording {recordingId: recordingId})
RETURN recordingId, r.isrc AS isrc, r.title AS title, currency,
       CASE WHEN micro < 0 THEN '-' ELSE '' END + toString(abs(micro) / 1000000) + '.'
         + right('00000' + toString(abs(micro) % 1000000), 6) AS amount,
       micro AS amountMicro, periods, firstPeriod, lastPeriod
ORDER BY amountMicro DESC, recordingId
LIMIT coalesce($limit, 10)
