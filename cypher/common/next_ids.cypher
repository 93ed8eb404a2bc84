// Reserve a block of readable ids (PART-000001…) from a named sequence.
// The SET takes the sequence node's write lock before reading it, so concurrent callers get
// disjoint blocks.
// Params: $name (e.g. 'PART'), $count (how many ids)
// Returns: first, last (inclusive integers of the reserved block)
MERGE (s:Sequence {name: $name})
ON CREATE SET s.value = 0
SET s.value = s.value + $count
RETURN s.value - $count + 1 AS first, s.value AS last
