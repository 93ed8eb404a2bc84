// Which of some participants are partner societies (issue 7): a Society with a participantId.
// Their pool accounts hold what plays of their repertoire earned; only royalty cycles move them
// (to the partner payable), so withdrawals refuse them.
// Params: $participantIds
// Returns: participantId, code of each partner among them
UNWIND $participantIds AS id
MATCH (s:Society:Participant {participantId: id})
RETURN DISTINCT s.participantId AS participantId, s.code AS code
