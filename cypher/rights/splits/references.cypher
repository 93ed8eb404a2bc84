// Which of these participants, works/recordings and territory codes exist? The reference check
// before a split or an agreement is written. A territory comes with its leaves: the territories
// with no part of their own (countries, and regions such as OU that contain none) it covers,
// the unit on which shares must add up.
// Params: $participantIds, $assetIds (workId or recordingId), $territoryCodes
// Returns: participantIds (those found), assets [{assetId, kind: work|recording}],
//          territories [{code, leaves}] (known codes only)
CALL () {
  UNWIND $participantIds AS pid
  MATCH (p:Participant {participantId: pid})
  RETURN collect(pid) AS participantIds
}
CALL () {
  UNWIND $assetIds AS aid
  OPTIONAL MATCH (w:Work {workId: aid})
  OPTIONAL MATCH (r:Recording {recordingId: aid})
  WITH aid, w, r WHERE w IS NOT NULL OR r IS NOT NULL
  RETURN collect({assetId: aid, kind: CASE WHEN w IS NOT NULL THEN 'work' ELSE 'recording' END}) AS assets
}
CALL () {
  UNWIND $territoryCodes AS code
  MATCH (t:Territory {code: code})
  MATCH (leaf:Territory)-[:PART_OF*0..]->(t)
  WHERE NOT EXISTS { (:Territory)-[:PART_OF]->(leaf) }
  WITH code, collect(DISTINCT leaf.code) AS leaves
  RETURN collect({code: code, leaves: leaves}) AS territories
}
RETURN participantIds, assets, territories
