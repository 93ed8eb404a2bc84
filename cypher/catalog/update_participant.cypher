// Update one participant (PATCH, and the parts of a create the catalog upsert does not write):
// properties, the set of identifiers, and society memberships. Nothing is deleted but
// IDENTIFIED_BY links left out of a new identifier set; memberships are merged on
// (society, role, validFrom) and ended by their validTo, never removed.
// Params: $participantId,
//         $props (map of properties to set; a null value removes the property),
//         $identifiers|null (null: unchanged; else the complete new set [{key: 'IPI:00000000199', scheme, value}]),
//         $memberships ([{society (code), role, memberId|null, validFrom (date), validTo (date|null)}]: created or updated)
// Returns: participantId (no row when the participant does not exist)
MATCH (p:Participant {participantId: $participantId})
SET p += $props
WITH p
CALL (p) {
  WITH p WHERE $identifiers IS NOT NULL
  MATCH (p)-[old:IDENTIFIED_BY]->(i:Identifier)
  WHERE NOT i.key IN [x IN $identifiers | x.key]
  DELETE old
}
CALL (p) {
  UNWIND coalesce($identifiers, []) AS x
  MERGE (n:Identifier {key: x.key}) ON CREATE SET n.scheme = x.scheme, n.value = x.value
  MERGE (p)-[:IDENTIFIED_BY]->(n)
}
CALL (p) {
  UNWIND $memberships AS m
  MATCH (s:Society {code: m.society})
  MERGE (p)-[r:MEMBER_OF {role: m.role, validFrom: m.validFrom}]->(s)
  SET r.memberId = m.memberId, r.validTo = m.validTo
}
RETURN p.participantId AS participantId
