"""``rightsgraph ledger check``: proof that the ledger keeps its contract (app.services.ledger).

Three aggregations in Cypher (``cypher/money/check_*.cypher``), so the check reads the graph
once and never pulls postings into Python:

* every journal entry's postings sum to zero, go to accounts of one currency, are integers of
  micro-units, and there is at least one (``unbalanced_entry``, ``mixed_currency``,
  ``non_integer_amount``, ``empty_entry``);
* every account's cached ``balance`` equals the sum of its postings (``balance_drift``);
* no idempotency key is held by two entries or missing (``duplicate_idempotency_key``).

It also gives the counts and, per currency, Σ postings and Σ cached balances — both zero on a
balanced ledger, since the source/suspense/platform accounts carry the other side.
Read committed: run it on a quiet ledger (or again) when statements are being posted.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from app.services.db import read, run

LIMIT = 100  # violations listed per kind (all are counted)


@dataclass(frozen=True)
class Violation:
    """One broken invariant: ``kind`` (see the module docstring), ``subject`` (an entryId,
    accountId or idempotency key) and ``detail`` in words with the figures (micro-units)."""

    kind: str
    subject: str
    detail: str


@dataclass(frozen=True)
class CurrencyTotals:
    """Per currency: accounts, Σ postings and Σ cached balances (micro-units; both 0 when balanced)."""

    currency: str
    accounts: int
    posted: int
    balances: int


@dataclass(frozen=True)
class LedgerReport:
    """What ``check`` found: counts, per-currency totals, the violations listed (at most
    ``LIMIT`` per kind) and ``violation_count`` (all of them)."""

    entries: int
    postings: int
    accounts: int
    currencies: list[CurrencyTotals]
    violations: list[Violation] = field(default_factory=list)
    violation_count: int = 0

    @property
    def ok(self) -> bool:
        """True when the check found no violation."""
        return self.violation_count == 0


def check(limit: int = LIMIT) -> LedgerReport:
    """Check the whole ledger in one read transaction; returns a LedgerReport."""
    return read(_check, limit)


def _check(tx, limit: int) -> LedgerReport:
    entries = run(tx, "money/check_entries", limit=limit)[0]
    currencies = run(tx, "money/check_balances", limit=limit)
    keys = run(tx, "money/check_keys", limit=limit)[0]
    violations = [_entry_violation(e) for e in entries["offending"]]
    violations += [Violation("balance_drift", d["accountId"],
                             f"{d['kind']} account balance {d['balance']} ≠ Σ postings {d['posted']}")
                   for c in currencies for d in c["drift"]]
    violations += [Violation("duplicate_idempotency_key", str(k["idempotencyKey"]),
                             f"{k['entries']} entries ({', '.join(k['entryIds'])})" if k["idempotencyKey"] is not None
                             else f"{k['entries']} entries without a key ({', '.join(k['entryIds'])})")
                   for k in keys["keys"]]
    return LedgerReport(
        entries=entries["entries"], postings=entries["postings"], accounts=sum(c["accounts"] for c in currencies),
        currencies=[CurrencyTotals(c["currency"], c["accounts"], c["posted"], c["balances"]) for c in currencies],
        violations=violations,
        violation_count=entries["violations"] + sum(c["drifting"] for c in currencies) + keys["violations"])


def _entry_violation(e: dict) -> Violation:
    """The first rule an offending entry (``check_entries`` row) breaks, with its figures."""
    where = f"{e['kind']} entry {e['idempotencyKey']}"
    if e["postings"] == 0:
        return Violation("empty_entry", e["entryId"], f"{where} has no postings")
    if e["nonInteger"]:
        return Violation("non_integer_amount", e["entryId"],
                         f"{where}: {e['nonInteger']} posting(s) not an integer of micro-units")
    if len(e["currencies"]) > 1:
        return Violation("mixed_currency", e["entryId"], f"{where} posts in {', '.join(sorted(e['currencies']))}")
    return Violation("unbalanced_entry", e["entryId"], f"{where}: {e['postings']} postings sum to {e['total']}")
