// Participants with detail income rollups whose period and track rollups are to be built from
// them: all of them ($all), or only those without any period rollup (a graph from before those
// levels existed: what `rightsgraph db init` migrates).
// Params: $all (boolean)
// Returns: participantId
MATCH (d:IncomeRollup) WHERE d.rightType IS NOT NULL  // as rebuild_period_track_rollups reads them
WITH DISTINCT d.participantId AS participantId
WHERE $all OR NOT EXISTS {
  MATCH (x:PeriodIncomeRollup) WHERE x.key STARTS WITH participantId + '|'
}
RETURN participantId
ORDER BY participantId
