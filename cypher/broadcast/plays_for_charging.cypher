// Attributed plays that may be charged: matched to a recording (or, issue 7, to a partner's work
// only: workId and no recordingId) and not charged yet
// (chargeStatus among $statuses), of the given ids.
// Params: $playIds, $statuses (e.g. ['pending', 'insufficient_funds', 'no_tariff'])
// Returns: play (map: playId, stationId, playedAt, localDate, recordingId, workId, usageType,
//          durationSeconds, chargeStatus), in playId order
UNWIND $playIds AS id
MATCH (p:PlayLog {playId: id})
WHERE p.status = 'matched' AND p.chargeStatus IN $statuses
RETURN p {.playId, .stationId, .playedAt, .localDate, .recordingId, .workId, .usageType, .durationSeconds,
          .chargeStatus} AS play
ORDER BY play.playId
