// Rename writers/publishers/performers a repertoire import created (externalRef 'repertoire:…')
// when the partner now spells them differently; participants of our own catalog are never renamed.
// Params: $rows = [{participantId, name}]
// Returns: participantId
UNWIND $rows AS r
MATCH (p:Participant {participantId: r.participantId})
WHERE p.externalRef STARTS WITH 'repertoire:'
SET p.name = r.name
RETURN p.participantId AS participantId
