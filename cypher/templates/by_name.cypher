// The statement template with a name (compared case-folded).
// Params: $nameKey (the case-folded name)
// Returns: templateId, or no row
MATCH (t:StatementTemplate {nameKey: $nameKey})
RETURN t.templateId AS templateId
