// Make a society a partner: the Society with this code (a seeded one is reused, else created as
// a PRO) gets the labels :Participant:Publisher, a participantId, kinds ['publisher'] and the
// partner properties (graph/reciprocal_schema.py). A society that is already a partner is left
// unchanged.
// Params: $partner = {code, participantId, name, country, partnerActive, reportingStandard,
//                     defaultAdminFeePercent (decimal string), contact (JSON string),
//                     remittanceRequirements (JSON string)}
// Returns: created (false when the society was already a partner), participantId (the partner's)
MERGE (s:Society {code: $partner.code})
  ON CREATE SET s.type = 'PRO', s.name = $partner.name, s.country = $partner.country
WITH s, s:Participant AS existed
CALL (s, existed) {
  WITH s WHERE NOT existed
  SET s:Participant:Publisher, s.participantId = $partner.participantId, s.kinds = ['publisher'],
      s.name = $partner.name, s.country = $partner.country, s.partnerActive = $partner.partnerActive,
      s.reportingStandard = $partner.reportingStandard,
      s.defaultAdminFeePercent = $partner.defaultAdminFeePercent, s.contact = $partner.contact,
      s.remittanceRequirements = $partner.remittanceRequirements,
      s.partnerSince = datetime(), s.createdAt = datetime()
}
RETURN NOT existed AS created, s.participantId AS participantId
