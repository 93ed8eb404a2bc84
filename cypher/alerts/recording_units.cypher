// Units (streams, plays, downloads) reported for recordings per sale month in [$from, $to], over
// every statement and source.
// Params: $recordingIds, $from, $to ('YYYY-MM')
// Returns: recordingId, period, units
UNWIND $recordingIds AS rid
MATCH (e:RoyaltyEvent {recordingId: rid})
WHERE $from <= e.period <= $to AND e.units IS NOT NULL
RETURN rid AS recordingId, e.period AS period, sum(e.units) AS units
ORDER BY recordingId, period
