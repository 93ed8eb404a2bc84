// The current version of every statement template (auto-detection compares a file's header
// with each of them).
// Params: none
// Returns: templateId, name, source, version, spec (JSON text), headerSignature
MATCH (v:StatementTemplateVersion)-[:VERSION_OF]->(t:StatementTemplate)
WHERE v.version = t.currentVersion
RETURN t.templateId AS templateId, t.name AS name, t.source AS source, v.version AS version, v.spec AS spec,
       v.headerSignature AS headerSignature
ORDER BY templateId
