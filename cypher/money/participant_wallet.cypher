// A participant and its wallet in one currency.
// Params: $participantId, $currency
// Returns: participant (map), wallet (map|null) — no row for an unknown participant
MATCH (p:Participant {participantId: $participantId})
OPTIONAL MATCH (a:Account {participantId: $participantId, kind: 'wallet', currency: $currency})
RETURN p {.*} AS participant, a {.*} AS wallet
