// Participants without an IPI: the writers and publishers (by default) with no IPI name number
// among their identifiers — a CWR registration and a society's distribution need one per
// interested party — with how many works they hold a share of today.
// Params (in Neo4j Browser, run this first):
//   :param kinds => ['writer', 'publisher']   // participant kinds to check; null = every participant
// Returns: participantId, name, kinds, country, identifiers (the schemes they do have), works
//          (works with an OWNS slice in force today) — most works first
MATCH (p:Participant)
WHERE ($kinds IS NULL OR any(k IN p.kinds WHERE k IN $kinds))
  AND NOT EXISTS { (p)-[:IDENTIFIED_BY]->(:Identifier {scheme: 'IPI'}) }
RETURN p.participantId AS participantId, p.name AS name, p.kinds AS kinds, p.country AS country,
       COLLECT { MATCH (p)-[:IDENTIFIED_BY]->(i:Identifier) RETURN DISTINCT i.scheme ORDER BY i.scheme } AS identifiers,
       COUNT { MATCH (p)-[o:OWNS]->(w:Work)
               WHERE o.validFrom <= date() AND (o.validTo IS NULL OR date() < o.validTo)
               RETURN DISTINCT w } AS works
ORDER BY works DESC, participantId
