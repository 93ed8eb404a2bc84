// Create a statement mapping template with its first version, unless a template already has the
// name (compared case-folded): then nothing is written and that template's id is returned.
// Params: $templateId (used only when new), $name, $nameKey (case-folded name), $source (slug),
//         $spec (JSON text), $headerSignature, $headerColumns, $actor
// Returns: templateId, created
OPTIONAL MATCH (existing:StatementTemplate {nameKey: $nameKey})
FOREACH (_ IN CASE WHEN existing IS NULL THEN [1] ELSE [] END |
  CREATE (t:StatementTemplate {templateId: $templateId, name: $name, nameKey: $nameKey, source: $source,
                               currentVersion: 1, createdAt: datetime(), createdBy: $actor, updatedAt: datetime()})
  CREATE (:StatementTemplateVersion {versionKey: $templateId + '@1', templateId: $templateId, version: 1,
                                     spec: $spec, headerSignature: $headerSignature, headerColumns: $headerColumns,
                                     createdAt: datetime(), createdBy: $actor})-[:VERSION_OF]->(t))
RETURN coalesce(existing.templateId, $templateId) AS templateId, existing IS NULL AS created
