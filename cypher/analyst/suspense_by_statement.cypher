// Unmatched money (suspense) by statement: what each statement put in suspense instead of a
// wallet, and why — `unmatched` (no recording has the line's ISRC), `no_owner` (nobody owns the
// right there and then), `partially_owned` (the unowned part of shares under 100 %), `overlap`
// (shares over 100 %: never guessed).
// Params (in Neo4j Browser, run this first):
//   :param statementId => null       // one statement, e.g. 'STM-000001'; null = every statement
// Returns: statementId, source, filename, currency, gross (text), suspense (text), suspenseMicro,
//          suspensePercent (of gross, text, 2 decimals), lines (lines with money in suspense),
//          byReason [{reason, lines, micro}] — most suspense first
MATCH (s:Statement)
WHERE $statementId IS NULL OR s.statementId = $statementId
MATCH (e:RoyaltyEvent {statementId: s.statementId})-[al:ALLOCATED]->(:Account {kind: 'suspense'})
WITH s, e.allocationStatus AS reason, count(DISTINCT e) AS lines, sum(al.amount) AS micro
ORDER BY micro DESC, reason
WITH s, collect({reason: reason, lines: lines, micro: micro}) AS byReason, sum(lines) AS lines, sum(micro) AS micro
RETURN s.statementId AS statementId, s.source AS source, s.filename AS filename, s.currency AS currency,
       CASE WHEN s.grossMicro < 0 THEN '-' ELSE '' END + toString(abs(s.grossMicro) / 1000000) + '.'
         + right('00000' + toString(abs(s.grossMicro) % 1000000), 6) AS gross,
       CASE WHEN micro < 0 THEN '-' ELSE '' END + toString(abs(micro) / 1000000) + '.'
         + right('00000' + toString(abs(micro) % 1000000), 6) AS suspense,
       micro AS suspenseMicro,
       CASE WHEN s.grossMicro = 0 THEN null
            ELSE toString(micro * 100 / s.grossMicro) + '.' + right('0' + toString(abs(micro * 10000 / s.grossMicro) % 100), 2)
       END AS suspensePercent,
       lines, byReason
ORDER BY suspenseMicro DESC, statementId
