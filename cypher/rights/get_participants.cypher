// Participants by id, with identifiers and wallet (for the API).
// Params: $participantIds, $currency
// Returns: participant (map with identifiers [{scheme, value}], walletId)
UNWIND $participantIds AS pid
MATCH (p:Participant {participantId: pid})
OPTIONAL MATCH (p)-[:IDENTIFIED_BY]->(i:Identifier)
WITH p, collect(CASE WHEN i IS NULL THEN null ELSE {scheme: i.scheme, value: i.value} END) AS identifiers
OPTIONAL MATCH (w:Account {participantId: p.participantId, kind: 'wallet', currency: $currency})
RETURN p {.participantId, .kinds, .name, .legalName, .country, .email, .payoutMethodType, .payoutMethodLabel,
          identifiers: identifiers, walletId: w.accountId} AS participant
