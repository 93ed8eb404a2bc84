// A play-log import and what became of its plays.
// Params: $importId
// Returns: import (map), plays (count), byStatus ([{status, chargeStatus, plays}]),
//          chargedMicro (Σ charged, micro-units); no row for an unknown import
MATCH (i:PlayLogImport {importId: $importId})
CALL (i) {
  OPTIONAL MATCH (p:PlayLog {importId: i.importId})
  WITH p.status AS status, p.chargeStatus AS chargeStatus, count(p) AS plays, sum(coalesce(p.chargedMicro, 0)) AS micro
  WHERE status IS NOT NULL
  RETURN collect({status: status, chargeStatus: chargeStatus, plays: plays}) AS byStatus,
         sum(plays) AS plays, sum(micro) AS chargedMicro
}
RETURN i {.*} AS import, plays, byStatus, chargedMicro
