// The works a cycle paid a partner for, with the shares the partner reported (CLAIMS) and the
// recordings its line items named: the CWR ownership snapshot sent back to the partner.
// Params: $cycleId, $partnerCode
// Returns: workId, title, iswc, alternateTitles, durationSeconds,
//          claims [{name, kinds, role, ipi, prShare, mrShare, srShare, prSociety, mrSociety,
//          srSociety, controlled}] (shares int millionths of 100 %),
//          recordings [{isrc, title, durationSeconds}] — by work id
MATCH (:RoyaltyCycle {cycleId: $cycleId})-[:HAS_LINE]->(li:LineItem {partnerCode: $partnerCode})
WITH li.workId AS workId, collect(DISTINCT li.recordingId) AS recordingIds
MATCH (w:Work {workId: workId})
OPTIONAL MATCH (p:Participant)-[c:CLAIMS {partnerCode: $partnerCode}]->(w)
WITH w, recordingIds, p, c ORDER BY c.role, p.name
WITH w, recordingIds,
     [x IN collect(CASE WHEN c IS NULL THEN NULL ELSE {
        name: p.name, kinds: p.kinds, role: c.role, prShare: c.prShare, mrShare: c.mrShare, srShare: c.srShare,
        prSociety: c.prSociety, mrSociety: c.mrSociety, srSociety: c.srSociety, controlled: c.controlled,
        ipi: head([(p)-[:IDENTIFIED_BY]->(i:Identifier {scheme: 'IPI'}) | i.value])} END) WHERE x IS NOT NULL] AS claims
RETURN w.workId AS workId, w.title AS title, w.iswc AS iswc, w.alternateTitles AS alternateTitles,
       w.durationSeconds AS durationSeconds, claims,
       [(r:Recording)-[:RECORDING_OF]->(w) WHERE r.recordingId IN recordingIds |
        {isrc: r.isrc, title: r.title, durationSeconds: r.durationSeconds}] AS recordings
ORDER BY workId
