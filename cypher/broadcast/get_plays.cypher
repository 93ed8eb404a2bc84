// Plays by id with their attributions (newest first) and what they were charged.
// Params: $playIds
// Returns: play (map of its properties), attributions ([map], newest first), recordingTitle;
//          in the order given, no row for an unknown id
UNWIND $playIds AS id
MATCH (p:PlayLog {playId: id})
OPTIONAL MATCH (r:Recording {recordingId: p.recordingId})
RETURN p {.*} AS play, r.title AS recordingTitle,
       COLLECT { MATCH (p)-[:ATTRIBUTED]->(a:UsageAttribution) RETURN a {.*} ORDER BY a.at DESC, a.attributionId DESC }
         AS attributions
