// A page of statement templates by id, with their current version, optionally of one source.
// Params: $source|null (slug), $skip, $limit
// Returns: one row: items [{templateId, name, source, version, headerSignature, headerColumns,
//          createdAt, createdBy, updatedAt}], total
MATCH (t:StatementTemplate)
WHERE $source IS NULL OR t.source = $source
WITH t ORDER BY t.templateId
WITH collect(t) AS found
UNWIND (CASE WHEN size(found) = 0 THEN [null] ELSE found[$skip..$skip + $limit] END) AS t
OPTIONAL MATCH (v:StatementTemplateVersion {versionKey: t.templateId + '@' + toString(t.currentVersion)})
WITH found, collect(CASE WHEN t IS NULL THEN null ELSE t {.templateId, .name, .source, version: t.currentVersion,
     headerSignature: v.headerSignature, headerColumns: v.headerColumns, .createdAt, .createdBy, .updatedAt} END)
     AS items
RETURN items, size(found) AS total
