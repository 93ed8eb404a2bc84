"""``rightsgraph ledger check`` on the real graph: clean after real postings, and each broken
invariant — a cached balance corrupted on purpose, an entry that does not sum to zero, one
spanning two currencies, one without postings, a float amount — is found and named, with its
figures, and makes the CLI exit 1."""
from __future__ import annotations

from decimal import Decimal

import pytest
from click.testing import CliRunner

from app.cli import main
from app.services import ledger_check, payout_methods, payouts
from tests.graph.payout_helpers import fund, make_participants


@pytest.fixture
def ledger_with_money(graph):
    """Two participants' wallets funded in USD and GHS, and a payout requested."""
    ids = make_participants("Ama", "Kofi")
    fund(ids["Ama"], "100")
    fund(ids["Kofi"], "12.345678")
    fund(ids["Kofi"], "250", "GHS")
    payout_methods.add_method(ids["Ama"], {"type": "paypal", "email": "ama@example.com"}, True, "test")
    payouts.request_payout(ids["Ama"], Decimal("40"), "USD", "k", None, "ama")
    return ids


def test_a_balanced_ledger_passes_with_its_counts(ledger_with_money):
    report = ledger_check.check()
    assert report.ok and report.violations == [] and report.violation_count == 0
    # 4 entries: 3 fundings + 1 payout request, 2 postings each
    assert (report.entries, report.postings) == (4, 8)
    by_currency = {c.currency: c for c in report.currencies}
    assert set(by_currency) == {"GHS", "USD"}
    assert all((c.posted, c.balances) == (0, 0) for c in report.currencies)
    # USD: 2 wallets, Ama's pending payout, the test source; GHS: Kofi's wallet and the source
    assert (by_currency["USD"].accounts, by_currency["GHS"].accounts) == (4, 2)
    result = CliRunner().invoke(main, ["ledger", "check"])
    assert result.exit_code == 0, result.output
    assert "4 journal entries, 8 postings, 6 accounts" in result.output and "no violation" in result.output


def test_a_corrupted_balance_is_found(graph, ledger_with_money):
    records, _, _ = graph.execute_query(
        "MATCH (a:Account {participantId: $pid, kind: 'wallet', currency: 'USD'}) "
        "SET a.balance = a.balance + 1 RETURN a.accountId AS id", pid=ledger_with_money["Kofi"])
    account_id = records[0]["id"]
    report = ledger_check.check()
    assert not report.ok and report.violation_count == 1
    [violation] = report.violations
    assert (violation.kind, violation.subject) == ("balance_drift", account_id)
    assert violation.detail == "wallet account balance 12345679 ≠ Σ postings 12345678"
    assert {c.currency: c.balances for c in report.currencies}["USD"] == 1
    result = CliRunner().invoke(main, ["ledger", "check"])
    assert result.exit_code == 1
    assert "balance_drift" in result.output and account_id in result.output


@pytest.mark.parametrize("postings, kind", [
    ([("USD", 5), ("USD", -4)], "unbalanced_entry"),
    ([("USD", 5), ("GHS", -5)], "mixed_currency"),
    ([], "empty_entry"),
    ([("USD", 1.5), ("USD", -1.5)], "non_integer_amount"),
])
def test_a_broken_journal_entry_is_found(graph, ledger_with_money, postings, kind):
    # Written behind post()'s back, balances kept in step, so only the entry rule is broken.
    graph.execute_query(
        "CREATE (e:JournalEntry {entryId: 'JE-BROKEN', idempotencyKey: 'broken', kind: 'manual', at: datetime()}) "
        "WITH e UNWIND $postings AS p "
        "MATCH (a:Account {participantId: $pid, kind: 'wallet', currency: p.currency}) "
        "CREATE (e)-[:POSTS {amount: p.amount}]->(a) SET a.balance = a.balance + p.amount",
        postings=[{"currency": c, "amount": a} for c, a in postings], pid=ledger_with_money["Kofi"])
    report = ledger_check.check()
    assert [(v.kind, v.subject) for v in report.violations] == [(kind, "JE-BROKEN")]
    assert report.violation_count == 1
    assert "manual entry broken" in report.violations[0].detail
    assert CliRunner().invoke(main, ["ledger", "check"]).exit_code == 1
