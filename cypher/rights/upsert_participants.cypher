// Create or update participants, each with a wallet account in $currency and its identifiers.
// A row with a `ref` is matched on Participant.externalRef (the catalog's stable key); a row
// without one is always created. `newId`/`walletId` are used only when the node is created.
// Params: $rows = [{ref, newId, walletId, kinds, name, legalName, country, email,
//                   payoutMethodType, payoutMethodLabel, identifiers: [{key, scheme, value}]}],
//         $currency (wallet currency, e.g. 'USD')
// Returns: ref, participantId, created (one row per input row)
UNWIND $rows AS r
CALL (r) {
  WITH r WHERE r.ref IS NOT NULL
  MERGE (p:Participant {externalRef: r.ref})
  ON CREATE SET p.participantId = r.newId, p.createdAt = datetime()
  RETURN p
  UNION
  WITH r WHERE r.ref IS NULL
  CREATE (p:Participant {participantId: r.newId, createdAt: datetime()})
  RETURN p
}
// Once the participant has payout methods its default one sets the display fields, not the catalog.
WITH p, r, EXISTS { (p)-[:HAS_PAYOUT_METHOD]->() } AS hasMethods
SET p.kinds = r.kinds, p.name = r.name, p.legalName = r.legalName, p.country = r.country, p.email = r.email,
    p.payoutMethodType = CASE WHEN hasMethods THEN p.payoutMethodType ELSE r.payoutMethodType END,
    p.payoutMethodLabel = CASE WHEN hasMethods THEN p.payoutMethodLabel ELSE r.payoutMethodLabel END
WITH p, r, p.participantId = r.newId AS created
CALL (p, r, created) {
  WITH p, r WHERE created
  CREATE (w:Account {accountId: r.walletId, kind: 'wallet', currency: $currency, balance: 0,
                     participantId: p.participantId})
  CREATE (p)-[:HAS_ACCOUNT]->(w)
}
CALL (p, r) {
  UNWIND r.identifiers AS i
  MERGE (n:Identifier {key: i.key}) ON CREATE SET n.scheme = i.scheme, n.value = i.value
  MERGE (p)-[:IDENTIFIED_BY]->(n)
}
RETURN r.ref AS ref, p.participantId AS participantId, created
