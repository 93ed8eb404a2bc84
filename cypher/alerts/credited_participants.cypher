// The participants a statement's journal entries credited (any of their accounts).
// Params: $statementId
// Returns: participantId
MATCH (:JournalEntry {statementId: $statementId})-[:POSTS]->(a:Account)
WHERE a.participantId IS NOT NULL
RETURN DISTINCT a.participantId AS participantId
ORDER BY participantId
