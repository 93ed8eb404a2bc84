// What do these ids name? Used to check COLLECTS rows before writing them: a collector is a
// Participant (participantId) or a Society (code); a target is a Work or a Participant.
// Params: $ids = [id, …]  (e.g. ['PART-000001', 'ASCAP', 'WRK-000001'])
// Returns: id, participant (bool), society (bool: a :Society, by code or by participantId),
//          work (bool); one row per id
UNWIND $ids AS id
OPTIONAL MATCH (p:Participant {participantId: id})
OPTIONAL MATCH (s:Society {code: id})
OPTIONAL MATCH (w:Work {workId: id})
RETURN id, p IS NOT NULL AS participant, s IS NOT NULL OR coalesce(p:Society, false) AS society,
       w IS NOT NULL AS work
