// A participant's income posted by these journal entries, per source (by 'source') and per recording
// (by 'recording') — the entry income rollups an artist statement lists —, with the recordings' titles.
// Params: $participantId, $entryIds
// Returns: entryId, by, source, sourceLabel, recordingId, title, isrc, amount, recouped (micro-units)
UNWIND $entryIds AS entryId
MATCH (x:EntryIncomeRollup)
WHERE x.key STARTS WITH $participantId + '|' + entryId + '|'
OPTIONAL MATCH (r:Recording {recordingId: x.recordingId})
RETURN entryId, x.by AS by, x.source AS source, x.sourceLabel AS sourceLabel, x.recordingId AS recordingId, r.title AS title,
       r.isrc AS isrc, x.amount AS amount, x.recouped AS recouped
ORDER BY entryId, by, source, recordingId
