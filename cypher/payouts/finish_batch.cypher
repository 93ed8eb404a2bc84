// Record what the provider did with a batch: submitted, where its file is and the file's sha256.
// Params: $batchId, $location, $sha256
// Returns: batchId
MATCH (b:PayoutBatch {batchId: $batchId})
SET b.status = 'submitted', b.location = $location, b.sha256 = $sha256, b.submittedAt = datetime()
RETURN b.batchId AS batchId
