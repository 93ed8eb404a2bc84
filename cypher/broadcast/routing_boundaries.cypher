// The dates on which where a recording's broadcast money goes may change: every validFrom and
// validTo of the OWNS and COLLECTS edges on the recording and its works, of the COLLECTS edges
// on their owners (mandates over a participant's repertoire), and of the PARTY_TO links of the
// agreements those owners are party to (signings). Between two consecutive dates every fact
// routing reads (rights/owners_at, rights/mandate_at, broadcast/publishers_of) is constant, so
// a play is routed as of the last boundary on or before its date, with the same result.
// A play matched to a work only (issue 7) is routed by its work: its id may be a workId.
// Params: $recordingIds (recording ids, or work ids of work-only plays)
// Returns: recordingId (the id given), boundaries (dates, unsorted, may repeat); no row for an unknown id
UNWIND $recordingIds AS id
CALL (id) {
  MATCH (r:Recording {recordingId: id}) RETURN r
  UNION
  MATCH (r:Work {workId: id}) RETURN r
}
WITH id, [r] + COLLECT { MATCH (r)-[:RECORDING_OF]->(w:Work) RETURN w } AS assets
WITH id, assets, COLLECT { UNWIND assets AS a MATCH (a)<-[:OWNS]-(p:Participant) RETURN DISTINCT p } AS owners
RETURN id AS recordingId,
       COLLECT { UNWIND assets AS a MATCH (a)<-[e:OWNS|COLLECTS]-() UNWIND [e.validFrom, e.validTo] AS d
                 WITH d WHERE d IS NOT NULL RETURN d } +
       COLLECT { UNWIND owners AS p MATCH (p)<-[e:COLLECTS]-() UNWIND [e.validFrom, e.validTo] AS d
                 WITH d WHERE d IS NOT NULL RETURN d } +
       COLLECT { UNWIND owners AS p MATCH (p)-[:PARTY_TO]->(ag:Agreement) MATCH (ag)<-[e:PARTY_TO]-()
                 UNWIND [e.validFrom, e.validTo] AS d WITH d WHERE d IS NOT NULL RETURN d } AS boundaries
