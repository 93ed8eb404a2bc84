// Movements of the central pool of one currency in [$since, $until): each journal entry of the
// pool's kinds that posted to a pool account, with its net effect on the pool (a play charge +,
// a withdrawal −, a reallocation inside the pool 0), newest first, paged; and the total count.
// Params: $currency, $since, $until (datetimes), $kinds (entry kinds to list), $skip, $limit
// Returns: movements ([{entryId, kind, at, memo, sourceId, amount (net micro-units),
//          credited (Σ positive pool postings)}]), total
CALL () {
  MATCH (e:JournalEntry)
  WHERE $since <= e.at < $until AND e.kind IN $kinds
    AND EXISTS { (e)-[:POSTS]->(:Account {kind: 'pool', currency: $currency}) }
  RETURN count(e) AS total
}
CALL () {
  MATCH (e:JournalEntry)
  WHERE $since <= e.at < $until AND e.kind IN $kinds
    AND EXISTS { (e)-[:POSTS]->(:Account {kind: 'pool', currency: $currency}) }
  WITH e ORDER BY e.at DESC, e.entryId DESC SKIP $skip LIMIT $limit
  MATCH (e)-[p:POSTS]->(:Account {kind: 'pool', currency: $currency})
  WITH e, sum(p.amount) AS amount, sum(CASE WHEN p.amount > 0 THEN p.amount ELSE 0 END) AS credited
  ORDER BY e.at DESC, e.entryId DESC
  RETURN collect({entryId: e.entryId, kind: e.kind, at: e.at, memo: e.memo, sourceId: e.sourceId,
                  amount: amount, credited: credited}) AS movements
}
RETURN total, movements
