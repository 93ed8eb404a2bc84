// Which of these participant / work ids exist? (reference checks before a write)
// Params: $participantIds, $workIds
// Returns: participantIds (found), workIds (found)
CALL () { UNWIND $participantIds AS pid MATCH (p:Participant {participantId: pid}) RETURN collect(pid) AS participantIds }
CALL () { UNWIND $workIds AS wid MATCH (w:Work {workId: wid}) RETURN collect(wid) AS workIds }
RETURN participantIds, workIds
