// Is an open or in-review dispute about one of a participant's recordings (owned, any right, any
// time, or performed on) or about the work one of them records? Read from the disputes' side, so
// the cost follows the number of active disputes, not the participant's catalog.
// Params: $participantId
// Returns: active (boolean)
OPTIONAL MATCH (d:Dispute)-[:ABOUT]->(about)
WHERE d.status IN ['open', 'in_review']
  AND (EXISTS { MATCH (:Participant {participantId: $participantId})-[:OWNS|PERFORMS_ON]->(about:Recording) }
       OR EXISTS { MATCH (:Participant {participantId: $participantId})-[:OWNS|PERFORMS_ON]->(:Recording)
                         -[:RECORDING_OF]->(about:Work) })
RETURN count(d) > 0 AS active
