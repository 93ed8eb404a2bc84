// The index the Money Hub's top tracks read (cypher/money/top_tracks.cypher): a participant's
// recording income rollups in one currency, in lifetime order, so ORDER BY lifetime DESC LIMIT n
// reads n rows (plus ties) instead of the participant's whole catalogue. Idempotent.
// Params: none. Returns: nothing
CREATE RANGE INDEX recording_income_rank IF NOT EXISTS
FOR (x:RecordingIncomeRollup) ON (x.participantId, x.currency, x.lifetime)
