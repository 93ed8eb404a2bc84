// Mark every registration-gap flag stale (the societies were seeded again: a society's type or
// country may have changed, and with it where works are expected to be registered).
// Params: none
// Returns: invalidated (count of flags marked)
MATCH (g:RegistrationGap)
SET g.stale = true
RETURN count(g) AS invalidated
