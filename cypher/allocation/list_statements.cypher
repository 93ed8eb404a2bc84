// A page of statements, newest first, with the total, filtered by source, status, mapping
// template, a sale month they carry (given at upload, or of any of their lines) and the
// upload time; each filter ignored when null.
// Params: $source|null, $status|null, $templateId|null, $period|null ('YYYY-MM'),
//         $uploadedFrom|null (datetime, inclusive), $uploadedTo|null (datetime, exclusive), $skip, $limit
// Returns: one row: items (statement property maps without the stored file's path), total
MATCH (s:Statement)
WHERE ($source IS NULL OR s.source = $source)
  AND ($status IS NULL OR s.status = $status)
  AND ($templateId IS NULL OR s.templateId = $templateId)
  AND ($period IS NULL OR s.period = $period OR $period IN coalesce(s.periods, []))
  AND ($uploadedFrom IS NULL OR s.registeredAt >= $uploadedFrom)
  AND ($uploadedTo IS NULL OR s.registeredAt < $uploadedTo)
WITH s ORDER BY s.registeredAt DESC, s.statementId DESC
WITH collect(s) AS found
RETURN [s IN found[$skip..$skip + $limit] | s {.*, path: null}] AS items, size(found) AS total
