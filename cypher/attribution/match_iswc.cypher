// Exact ISWC matching of publishing statement lines to works.
// Params: $iswcs = ['T-034.524.680-1', …] (display form T-DDD.DDD.DDD-C, distinct)
// Returns: iswc, workId for each ISWC found in the catalog
UNWIND $iswcs AS iswc
MATCH (w:Work {iswc: iswc})
RETURN iswc, w.workId AS workId
