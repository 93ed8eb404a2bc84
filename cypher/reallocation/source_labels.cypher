// A display label per statement source slug ('spotify' → 'Spotify'), as the income rollups
// recorded it when the source was first allocated; a source never credited returns no row.
// Params: $sources = ['spotify', …]
// Returns: source, sourceLabel
UNWIND $sources AS src
CALL (src) {
  MATCH (x:IncomeRollup)
  WHERE x.source = src AND x.sourceLabel IS NOT NULL
  RETURN x.sourceLabel AS sourceLabel
  LIMIT 1
}
RETURN src AS source, sourceLabel
