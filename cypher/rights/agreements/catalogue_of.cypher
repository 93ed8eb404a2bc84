// Every work and recording each participant owns (any right type, any territory) at a date:
// an agreement's "whole catalogue" scope.
// Params: $participantIds, $date (date)
// Returns: participantId, assetId (workId or recordingId), kind (work | recording)
UNWIND $participantIds AS pid
MATCH (:Participant {participantId: pid})-[o:OWNS]->(x)
WHERE o.validFrom <= $date AND (o.validTo IS NULL OR $date < o.validTo)
RETURN DISTINCT pid AS participantId, coalesce(x.workId, x.recordingId) AS assetId,
       CASE WHEN x:Work THEN 'work' ELSE 'recording' END AS kind
ORDER BY participantId, assetId
