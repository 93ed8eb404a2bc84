// Repertoire imports, newest first: of one partner ($code) or all ($code null), or the ones
// with the given ids ($importIds, null = any) or file keys ($importKeys, null = any).
// Params: $code|null, $importIds|null, $importKeys|null, $skip, $limit
// Returns: imports (list of maps of RepertoireImport properties), total
MATCH (i:RepertoireImport)
WHERE ($code IS NULL OR i.partnerCode = $code)
  AND ($importIds IS NULL OR i.importId IN $importIds)
  AND ($importKeys IS NULL OR i.importKey IN $importKeys)
WITH i ORDER BY i.importId DESC
WITH collect(properties(i)) AS rows
RETURN rows[$skip..$skip + $limit] AS imports, size(rows) AS total
