// Which of these participant / work / recording ids exist? (reference checks before a write)
// Params: $participantIds, $workIds, $recordingIds
// Returns: participantIds (found), workIds (found), recordingIds (found)
CALL () { UNWIND $participantIds AS pid MATCH (p:Participant {participantId: pid}) RETURN collect(pid) AS participantIds }
CALL () { UNWIND $workIds AS wid MATCH (w:Work {workId: wid}) RETURN collect(wid) AS workIds }
CALL () { UNWIND $recordingIds AS rid MATCH (r:Recording {recordingId: rid}) RETURN collect(rid) AS recordingIds }
RETURN participantIds, workIds, recordingIds
