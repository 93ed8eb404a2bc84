// Record an agreement (status active, version 1). Its PARTY_TO / COVERS edges are written by
// link.cypher, its OWNS slices and COLLECTS edges by the split and COLLECTS writers.
// Params: $agreement = {agreementId, type, title, validFrom (date), validTo (date|null),
//                       territories, excluded, terms (JSON), scope (JSON), documents (JSON)}
// Returns: agreementId
CREATE (a:Agreement)
SET a = $agreement, a.status = 'active', a.version = 1, a.createdAt = datetime(), a.updatedAt = datetime()
RETURN a.agreementId AS agreementId
