// Create or replace an API user.
// Params: $username, $passwordHash, $role, $participantId|null
// Returns: username, role, participantId
MERGE (u:User {username: $username})
SET u.passwordHash = $passwordHash, u.role = $role, u.participantId = $participantId
RETURN u.username AS username, u.role AS role, u.participantId AS participantId
