// The participant a catalog file's `ref` created.
// Params: $ref
// Returns: participantId — or no row
MATCH (p:Participant {externalRef: $ref})
RETURN p.participantId AS participantId
