// UPC + track-number matching of statement lines: the tracks of releases by UPC/EAN. A statement
// may write a GTIN with or without leading zeros (UPC-A 12 digits, EAN-13, a zero-padded
// 14-digit ICPN): pass every padded form of a line's code, with the line's track number.
// Params: $rows = [{upc: '093624920472' (digits), track: 3 | null}] (distinct)
// Returns: upc, track (as given), releaseId, hits [{trackNumber, recordingId, isrc}]: the
//          release's tracks with that number — or, when track is null, its only track if it has
//          exactly one (a UPC alone names the recording of a single); one row per release found
UNWIND $rows AS q
MATCH (x:Release {upc: q.upc})
WITH q, x, COUNT { (x)-[:CONTAINS]->() } AS size
OPTIONAL MATCH (x)-[c:CONTAINS]->(r:Recording)
WHERE (q.track IS NULL AND size = 1) OR c.trackNumber = q.track
RETURN q.upc AS upc, q.track AS track, x.releaseId AS releaseId,
       collect(CASE WHEN r IS NULL THEN null
                    ELSE {trackNumber: c.trackNumber, recordingId: r.recordingId, isrc: r.isrc} END) AS hits
