// Take plays' write locks and read their charge status under them, so two runs charging the
// same play cannot both see it uncharged.
// Params: $playIds
// Returns: playId, chargeStatus
UNWIND $playIds AS id
MATCH (p:PlayLog {playId: id})
SET p.chargeCheckedAt = datetime()
RETURN p.playId AS playId, p.chargeStatus AS chargeStatus
