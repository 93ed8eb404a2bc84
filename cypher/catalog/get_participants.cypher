// Participants by id, with identifiers, society memberships and wallet (for the API).
// Tax info is stored masked: only the TIN type and its last 4 characters exist in the graph.
// Params: $participantIds, $currency (wallet currency, e.g. 'USD')
// Returns: participant (map: participantId, kinds, name, legalName, country, email,
//          payoutMethodType, payoutMethodLabel, taxTinType, taxTinLast4,
//          identifiers [{scheme, value}] by scheme,
//          memberships [{society, societyName, role, memberId, validFrom, validTo}] by society, role, validFrom,
//          walletId), in the order of $participantIds; unknown ids return no row
UNWIND $participantIds AS pid
MATCH (p:Participant {participantId: pid})
CALL (p) {
  OPTIONAL MATCH (p)-[:IDENTIFIED_BY]->(i:Identifier)
  WITH i ORDER BY i.scheme, i.value
  RETURN collect(CASE WHEN i IS NULL THEN null ELSE {scheme: i.scheme, value: i.value} END) AS identifiers
}
CALL (p) {
  OPTIONAL MATCH (p)-[m:MEMBER_OF]->(s:Society)
  WITH m, s ORDER BY s.code, m.role, m.validFrom
  RETURN collect(CASE WHEN s IS NULL THEN null ELSE {society: s.code, societyName: s.name, role: m.role,
                 memberId: m.memberId, validFrom: m.validFrom, validTo: m.validTo} END) AS memberships
}
OPTIONAL MATCH (w:Account {participantId: p.participantId, kind: 'wallet', currency: $currency})
RETURN p {.participantId, .kinds, .name, .legalName, .country, .email, .payoutMethodType, .payoutMethodLabel,
          .taxTinType, .taxTinLast4, identifiers: identifiers, memberships: memberships,
          walletId: w.accountId} AS participant
