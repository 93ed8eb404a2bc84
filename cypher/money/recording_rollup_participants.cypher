// Participants with track income rollups whose recording income rollups are to be built: all of
// them ($all), or only those without any (a graph from before that level existed: what
// `rightsgraph db init` migrates).
// Params: $all (boolean)
// Returns: participantId
MATCH (t:TrackIncomeRollup)
WITH DISTINCT t.participantId AS participantId
WHERE $all OR NOT EXISTS {
  MATCH (x:RecordingIncomeRollup)
  WHERE x.participantId = participantId AND x.currency IS NOT NULL AND x.lifetime IS NOT NULL
}
RETURN participantId
ORDER BY participantId
