// Set an agreement's properties after an amendment or a termination (a null value removes
// the property, e.g. an open validTo) and, for an amendment, record it in its history:
// (:Agreement)-[:AMENDED_BY]->(:AgreementAmendment {amendmentId, agreementId, number,
// effectiveFrom, reason, actor, at, before (JSON), after (JSON)}). With empty $props and no
// amendment it only stamps updatedAt: a read-then-write use case takes the agreement's write
// lock that way before reading it.
// Params: $agreementId, $props (map), $amendment (map without agreementId and at | null)
// Returns: version, status
MATCH (a:Agreement {agreementId: $agreementId})
SET a += $props, a.updatedAt = datetime()
FOREACH (m IN CASE WHEN $amendment IS NULL THEN [] ELSE [$amendment] END |
  CREATE (a)-[:AMENDED_BY]->(:AgreementAmendment {
    amendmentId: m.amendmentId, agreementId: a.agreementId, number: m.number, effectiveFrom: m.effectiveFrom,
    reason: m.reason, actor: m.actor, at: datetime(), before: m.before, after: m.after}))
RETURN a.version AS version, a.status AS status
