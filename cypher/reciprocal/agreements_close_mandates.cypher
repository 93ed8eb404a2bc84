// Suspend or end an agreement's reciprocal mandates. $status 'suspended' suspends the active
// ones; with $validTo (termination) every edge ends at that date (an earlier end is kept) and
// the active ones become $status ('superseded'); suspended ones stay suspended (they were not
// applied when the agreement ended).
// Params: $partnerCode, $agreementId, $status ('suspended' | 'superseded'), $validTo (date|null)
// Returns: updated (edges changed)
MATCH (:Society {code: $partnerCode})-[m:COLLECTS {agreementId: $agreementId}]->(:Work)
WHERE m.status = 'active' OR $validTo IS NOT NULL
SET m.status = CASE WHEN m.status = 'active' THEN $status ELSE m.status END,
    m.validTo = CASE WHEN $validTo IS NULL THEN m.validTo
                     WHEN m.validTo IS NULL OR $validTo < m.validTo THEN $validTo ELSE m.validTo END,
    m.updatedAt = datetime()
RETURN count(m) AS updated
