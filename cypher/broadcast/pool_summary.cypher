// The central pool of one currency, and where the money that came in sits: the pool
// (unallocated + entitlements), the stations' accounts, wallets and payouts.
// Params: $currency
// Returns: pool (Σ pool accounts), unallocated, entitlements (Σ payee pool accounts), payees,
//          stations (Σ station accounts), deposits (Σ deposits accounts: minus what came in),
//          wallets, pendingPayouts, payoutsPaid (Σ of those participant/platform accounts),
//          withdrawn (Σ that left the pool by withdrawals), partnerPayables, adminFeeIncome,
//          remittanceClearing, withholdingTax (Σ those reciprocal accounts: what royalty cycles
//          moved out of the pool, and where remittances moved it on), remitted (Σ settled
//          remittances credited to payouts_paid) — micro-units
MATCH (a:Account {currency: $currency})
WHERE a.kind IN ['pool', 'station', 'deposits', 'wallet', 'pending_payout', 'payouts_paid',
                 'partner_payable', 'admin_fee_income', 'remittance_clearing', 'withholding_tax']
WITH a.kind AS kind, a.holderId IS NOT NULL AS payee, sum(a.balance) AS total, count(a) AS accounts
WITH collect({kind: kind, payee: payee, total: total, accounts: accounts}) AS rows
CALL () {
  OPTIONAL MATCH (:JournalEntry {kind: 'withdrawal'})-[p:POSTS]->(:Account {kind: 'pool', currency: $currency})
  RETURN -coalesce(sum(p.amount), 0) AS withdrawn
}
CALL () {
  OPTIONAL MATCH (:JournalEntry {kind: 'remittance_settled'})-[p:POSTS]->(:Account {kind: 'payouts_paid', currency: $currency})
  RETURN coalesce(sum(p.amount), 0) AS remitted
}
RETURN reduce(s = 0, r IN [x IN rows WHERE x.kind = 'pool'] | s + r.total) AS pool,
       reduce(s = 0, r IN [x IN rows WHERE x.kind = 'pool' AND NOT x.payee] | s + r.total) AS unallocated,
       reduce(s = 0, r IN [x IN rows WHERE x.kind = 'pool' AND x.payee] | s + r.total) AS entitlements,
       reduce(s = 0, r IN [x IN rows WHERE x.kind = 'pool' AND x.payee] | s + r.accounts) AS payees,
       reduce(s = 0, r IN [x IN rows WHERE x.kind = 'station'] | s + r.total) AS stations,
       reduce(s = 0, r IN [x IN rows WHERE x.kind = 'deposits'] | s + r.total) AS deposits,
       reduce(s = 0, r IN [x IN rows WHERE x.kind = 'wallet'] | s + r.total) AS wallets,
       reduce(s = 0, r IN [x IN rows WHERE x.kind = 'pending_payout'] | s + r.total) AS pendingPayouts,
       reduce(s = 0, r IN [x IN rows WHERE x.kind = 'payouts_paid'] | s + r.total) AS payoutsPaid, withdrawn,
       reduce(s = 0, r IN [x IN rows WHERE x.kind = 'partner_payable'] | s + r.total) AS partnerPayables,
       reduce(s = 0, r IN [x IN rows WHERE x.kind = 'admin_fee_income'] | s + r.total) AS adminFeeIncome,
       reduce(s = 0, r IN [x IN rows WHERE x.kind = 'remittance_clearing'] | s + r.total) AS remittanceClearing,
       reduce(s = 0, r IN [x IN rows WHERE x.kind = 'withholding_tax'] | s + r.total) AS withholdingTax, remitted
