// One API user by username.
// Params: $username
// Returns: username, passwordHash, role, participantId — or no row
MATCH (u:User {username: $username})
RETURN u.username AS username, u.passwordHash AS passwordHash, u.role AS role, u.participantId AS participantId
