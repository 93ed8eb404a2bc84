// Participants a repertoire import already knows: by IPI name number (an Identifier of scheme
// IPI, whoever holds it: our own catalog's writers included) or by the externalRef an earlier
// import gave a party it knew by name only ('repertoire:<CODE>:<kind>:<normalized name>').
// Params: $ipis (IPI name numbers, 11 digits), $refs (externalRefs)
// Returns: key ('IPI:<ipi>' or the ref), participantId, name, externalRef — one row per key found
UNWIND $ipis AS ipi
CALL (ipi) {
  MATCH (:Identifier {key: 'IPI:' + ipi})<-[:IDENTIFIED_BY]-(p:Participant)
  RETURN p ORDER BY p.participantId LIMIT 1
}
RETURN 'IPI:' + ipi AS key, p.participantId AS participantId, p.name AS name, p.externalRef AS externalRef
UNION
UNWIND $refs AS ref
MATCH (p:Participant {externalRef: ref})
RETURN ref AS key, p.participantId AS participantId, p.name AS name, p.externalRef AS externalRef
