// Register a play-log file or API batch by the sha256 of its bytes and the station it is
// imported for: the same bytes for the same station return the first import (created false),
// whose plays are then never written or charged twice.
// Params: $importId (reserved), $sha256, $format, $stationId (nullable), $filename, $path
// Returns: import (map of its properties), created
MERGE (i:PlayLogImport {importKey: $sha256 + '|' + coalesce($stationId, '')})
ON CREATE SET i.importId = $importId, i.sha256 = $sha256, i.format = $format, i.stationId = $stationId,
              i.filename = $filename, i.path = $path, i.status = 'registered', i.received = 0, i.accepted = 0,
              i.rejected = 0, i.duplicates = 0, i.registeredAt = datetime()
RETURN i {.*} AS import, i.importId = $importId AS created
