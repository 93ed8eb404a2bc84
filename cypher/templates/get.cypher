// One statement template: the template, one of its versions (the current one when $version is
// null) and the list of all its versions.
// Params: $templateId, $version|null
// Returns: template (map), current (map: version, spec, headerSignature, headerColumns, createdAt,
//          createdBy) or null for an unknown version, versions [{version, createdAt, createdBy}]
//          oldest first; no row for an unknown template
MATCH (t:StatementTemplate {templateId: $templateId})
MATCH (v:StatementTemplateVersion)-[:VERSION_OF]->(t)
WITH t, v ORDER BY v.version
WITH t, collect(v) AS found
WITH t, found, head([v IN found WHERE v.version = coalesce($version, t.currentVersion)]) AS chosen
RETURN t {.templateId, .name, .source, .currentVersion, .createdAt, .createdBy, .updatedAt} AS template,
       chosen {.version, .spec, .headerSignature, .headerColumns, .createdAt, .createdBy} AS current,
       [v IN found | v {.version, .createdAt, .createdBy}] AS versions
