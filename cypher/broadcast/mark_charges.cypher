// Store the outcome of charging plays: charged (amount, tariff, journal entry, allocation) or
// why not (chargeStatus insufficient_funds | no_tariff | not_chargeable, chargeNote).
// Params: $rows = [{playId, chargeStatus, chargeNote, chargedMicro, currency, tariffId, entryId,
//                   allocation (JSON)}]
// Returns: count of plays updated
UNWIND $rows AS r
MATCH (p:PlayLog {playId: r.playId})
SET p.chargeStatus = r.chargeStatus, p.chargeNote = r.chargeNote, p.chargedMicro = r.chargedMicro,
    p.currency = r.currency, p.tariffId = r.tariffId, p.entryId = r.entryId, p.allocation = r.allocation
RETURN count(p) AS updated
