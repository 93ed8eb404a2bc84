// For recordings: title, primary artist, and whether publishing is in place — a work linked by
// RECORDING_OF with performance or mechanical owners valid on $asOf.
// Params: $recordingIds, $asOf (date)
// Returns: recordingId, title, primaryArtist (name|null), hasPublishing
UNWIND $recordingIds AS rid
MATCH (r:Recording {recordingId: rid})
OPTIONAL MATCH (artist:Participant)-[:PERFORMS_ON {role: 'primary'}]->(r)
WITH r, rid, min(artist.name) AS primaryArtist
RETURN rid AS recordingId, r.title AS title, primaryArtist,
       EXISTS {
         MATCH (r)-[:RECORDING_OF]->(:Work)<-[o:OWNS]-(:Participant)
         WHERE o.rightType IN ['performance', 'mechanical']
           AND o.validFrom <= $asOf AND (o.validTo IS NULL OR $asOf < o.validTo)
       } AS hasPublishing
