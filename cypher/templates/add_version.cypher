// Add the next version of a statement template and make it current (the template node is
// written first, so concurrent revisions queue on its lock and number their versions in turn).
// Params: $templateId, $name, $nameKey, $source (slug), $spec (JSON text), $headerSignature,
//         $headerColumns, $actor
// Returns: version (the new one), or no row for an unknown template
MATCH (t:StatementTemplate {templateId: $templateId})
SET t.updatedAt = datetime()
SET t.currentVersion = t.currentVersion + 1, t.name = $name, t.nameKey = $nameKey, t.source = $source
CREATE (:StatementTemplateVersion {versionKey: $templateId + '@' + toString(t.currentVersion),
                                   templateId: $templateId, version: t.currentVersion, spec: $spec,
                                   headerSignature: $headerSignature, headerColumns: $headerColumns,
                                   createdAt: datetime(), createdBy: $actor})-[:VERSION_OF]->(t)
RETURN t.currentVersion AS version
