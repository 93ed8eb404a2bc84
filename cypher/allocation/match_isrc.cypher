// Exact ISRC matching of statement lines to recordings.
// Params: $isrcs = ['GHA0C2400001', …] (normalized, distinct)
// Returns: isrc, recordingId for each ISRC found in the catalog
UNWIND $isrcs AS isrc
MATCH (r:Recording {isrc: isrc})
RETURN isrc, r.recordingId AS recordingId
