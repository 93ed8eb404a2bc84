// Record advances' recoupment progress: recouped (micro-units recouped so far), basis (the net
// income from the advance's buckets routed while it was active: recouped = recoupPercent of it,
// never past the amount) and status ('recouped' once recouped = amount, stamped recoupedAt).
// Params: $rows = [{advanceId, recouped, basis, status ('active' | 'recouped')}]
// Returns: advanceId, one row per advance updated
UNWIND $rows AS r
MATCH (a:Advance {advanceId: r.advanceId})
SET a.recouped = r.recouped, a.basis = r.basis, a.status = r.status,
    a.recoupedAt = CASE WHEN r.status = 'recouped' THEN coalesce(a.recoupedAt, datetime()) END
RETURN a.advanceId AS advanceId
