// Keep a statement's match counters true after some of its lines were (un)matched again.
// Params: $rows = [{statementId, matched (signed change in matched lines)}]
// Returns: statementId, linesMatched, linesUnmatched
UNWIND $rows AS r
MATCH (s:Statement {statementId: r.statementId})
SET s.linesMatched = s.linesMatched + r.matched, s.linesUnmatched = s.linesUnmatched - r.matched,
    s.reallocatedAt = datetime()
RETURN s.statementId AS statementId, s.linesMatched AS linesMatched, s.linesUnmatched AS linesUnmatched
