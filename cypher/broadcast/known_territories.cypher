// Which territory codes exist, and their kind (country | world | region).
// Params: $codes = ['GH', 'WORLD', …]
// Returns: code, kind for each code found
UNWIND $codes AS code
MATCH (t:Territory {code: code})
RETURN t.code AS code, t.kind AS kind
