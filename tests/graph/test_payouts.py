"""Payouts on the real graph: the lifecycle with exact balances, failures that return the
money, the request rules (minimum, minor units, available, idempotency), 50 concurrent
requests on one wallet, payout runs through the file provider (resumable), payout methods
masked. The ledger check runs after every scenario."""
from __future__ import annotations

import csv
import hashlib
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from app.cli import main
from app.services import payout_methods, payout_runs, payouts, wallets
from app.services.catalog import UnknownEntity
from app.services.entities import InvalidInput, TransitionNotAllowed
from tests.graph.helpers import assert_ledger_consistent, graph_text
from tests.graph.payout_helpers import BrokenProvider, RefusingProvider, fund, make_participants

BANK = {"type": "bank_transfer", "institution": "Chase", "accountNumber": "000123456781234"}


@pytest.fixture
def ama(graph):
    """An artist with 100.00 USD in her wallet and a Chase account as default payout method."""
    pid = make_participants("Ama")["Ama"]
    fund(pid, "100.00")
    method = payout_methods.add_method(pid, BANK, False, "test")
    return pid, method["methodId"]


def figures(pid: str, currency: str = "USD") -> tuple[Decimal, Decimal, Decimal]:
    w = wallets.wallet(pid, currency)
    assert w["balance"] == w["available"] + w["frozen"] + w["pending"]
    return w["available"], w["pending"], w["balance"]


def platform_balance(graph, account_id: str) -> int:
    records, _, _ = graph.execute_query("MATCH (a:Account {accountId: $id}) RETURN a.balance AS b", id=account_id)
    return records[0]["b"] if records else 0


def entry_kinds(graph, payout_id: str) -> list[str]:
    records, _, _ = graph.execute_query(
        "MATCH (e:JournalEntry {sourceId: $id}) RETURN e.kind AS kind ORDER BY e.entryId", id=payout_id)
    return [r["kind"] for r in records]


def test_lifecycle_requested_approved_processing_paid_with_exact_balances(graph, ama, tmp_path):
    pid, method_id = ama
    payout, created = payouts.request_payout(pid, Decimal("40.25"), "USD", "k1", None, "ama")
    assert created and payout["status"] == "requested" and payout["amount"] == Decimal("40.25")
    assert payout["method"] == {"methodId": method_id, "type": "bank_transfer", "label": "Chase ••••1234"}
    assert payout["allowedTransitions"] == ["approved", "failed"] and payout["expectedPayoutDate"] is not None
    assert figures(pid) == (Decimal("59.75"), Decimal("40.25"), Decimal("100"))
    assert_ledger_consistent(graph)

    approved = payouts.transition(payout["payoutId"], "approved", "fin")
    assert (approved["status"], approved["approvedBy"]) == ("approved", "fin")
    assert figures(pid) == (Decimal("59.75"), Decimal("40.25"), Decimal("100"))  # approval moves no money

    [batch] = payout_runs.run_payouts("fin")
    processing = payouts.get(payout["payoutId"])
    assert processing["status"] == "processing" and processing["batchId"] == batch["batchId"]
    assert processing["providerReference"] == f"{batch['batchId']}/{payout['payoutId']}"
    assert (batch["status"], batch["provider"], batch["count"], batch["total"]) == ("submitted", "file", 1,
                                                                                     Decimal("40.25"))
    path = Path(batch["location"])
    assert hashlib.sha256(path.read_bytes()).hexdigest() == batch["sha256"]
    [row] = list(csv.DictReader(path.open(encoding="utf-8")))
    assert (row["payout_id"], row["participant_id"], row["amount"], row["currency"], row["method_label"]) == (
        payout["payoutId"], pid, "40.25", "USD", "Chase ••••1234")
    assert "000123456781234" not in path.read_text(encoding="utf-8")

    paid = payouts.transition(payout["payoutId"], "paid", "fin", reference="BANK-REF-9")
    assert (paid["status"], paid["providerReference"], paid["allowedTransitions"]) == ("paid", "BANK-REF-9", [])
    assert paid["expectedPayoutDate"] is None
    assert figures(pid) == (Decimal("59.75"), Decimal("0"), Decimal("59.75"))
    assert platform_balance(graph, "ACC-PAYOUTS_PAID-USD") == 40_250_000
    assert entry_kinds(graph, payout["payoutId"]) == ["payout_request", "payout_paid"]
    assert [(h["action"], (h["after"] or {}).get("status")) for h in paid["history"]] == [
        ("payout.request", None), ("payout.status", "approved"), ("payout.status", "processing"),
        ("payout.status", "paid")]
    assert_ledger_consistent(graph)


@pytest.mark.parametrize("fail_from", ["requested", "approved", "processing"])
def test_a_failed_payout_returns_the_money_to_the_wallet(graph, ama, fail_from):
    pid, _ = ama
    payout, _ = payouts.request_payout(pid, Decimal("25"), "USD", "k-fail", None, "ama")
    if fail_from in ("approved", "processing"):
        payouts.transition(payout["payoutId"], "approved", "fin")
    if fail_from == "processing":
        payout_runs.run_payouts("fin")
    assert figures(pid) == (Decimal("75"), Decimal("25"), Decimal("100"))
    failed = payouts.transition(payout["payoutId"], "failed", "fin", reason="IBAN rejected")
    assert (failed["status"], failed["failureReason"]) == ("failed", "IBAN rejected")
    assert figures(pid) == (Decimal("100"), Decimal("0"), Decimal("100"))
    assert entry_kinds(graph, payout["payoutId"]) == ["payout_request", "payout_failed"]
    assert_ledger_consistent(graph)


def test_payouts_approve_on_the_command_line_reports_each_payout(graph, ama):
    pid, _ = ama
    payout, _ = payouts.request_payout(pid, Decimal("10"), "USD", "k-cli", None, "ama")

    result = CliRunner().invoke(main, ["payouts", "approve", payout["payoutId"], "PAY-999999"])

    assert result.exit_code == 1  # one of the two could not move
    assert f"{payout['payoutId']}: approved (10 USD to Chase ••••1234)" in result.output
    assert "PAY-999999: unknown payout PAY-999999" in result.output
    again = CliRunner().invoke(main, ["payouts", "approve", payout["payoutId"]])
    assert again.exit_code == 1 and "is approved and cannot become approved" in again.output
    assert payouts.get(payout["payoutId"])["status"] == "approved"


def test_illegal_transitions_are_refused_with_the_allowed_ones(graph, ama):
    pid, _ = ama
    payout, _ = payouts.request_payout(pid, Decimal("10"), "USD", "k-ill", None, "ama")
    with pytest.raises(TransitionNotAllowed) as paid_too_soon:
        payouts.transition(payout["payoutId"], "paid", "fin")
    assert (paid_too_soon.value.current, paid_too_soon.value.allowed) == ("requested", ("approved", "failed"))
    with pytest.raises(TransitionNotAllowed):  # processing only through a payout run
        payouts.transition(payout["payoutId"], "processing", "fin")
    with pytest.raises(TransitionNotAllowed):  # a run of a payout not approved
        payout_runs.run_payouts("fin", payout_ids=[payout["payoutId"]])
    payouts.transition(payout["payoutId"], "failed", "fin", reason="duplicate")
    with pytest.raises(TransitionNotAllowed) as final:
        payouts.transition(payout["payoutId"], "approved", "fin")
    assert final.value.allowed == ()
    with pytest.raises(UnknownEntity, match="unknown payout PAY-999999"):
        payouts.transition("PAY-999999", "approved", "fin")
    assert figures(pid) == (Decimal("100"), Decimal("0"), Decimal("100"))
    assert_ledger_consistent(graph)


def test_more_than_available_is_refused_with_the_available_figure_and_nothing_written(graph, ama):
    pid, _ = ama
    payouts.request_payout(pid, Decimal("60"), "USD", "first", None, "ama")
    with pytest.raises(payouts.InsufficientFunds) as exc:
        payouts.request_payout(pid, Decimal("40.01"), "USD", "second", None, "ama")
    assert (exc.value.available, exc.value.amount, exc.value.currency) == (40_000_000, 40_010_000, "USD")
    with pytest.raises(payouts.InsufficientFunds) as no_wallet:  # no GHS money at all
        payouts.request_payout(pid, Decimal("10"), "GHS", "ghs", None, "ama")
    assert no_wallet.value.available == 0
    records, _, _ = graph.execute_query("MATCH (p:Payout) RETURN count(p) AS n")
    assert records[0]["n"] == 1
    records, _, _ = graph.execute_query("MATCH (a:Account {currency: 'GHS'}) RETURN count(a) AS n")
    assert records[0]["n"] == 0  # the wallet opened for the check was rolled back
    assert figures(pid) == (Decimal("40"), Decimal("60"), Decimal("100"))
    assert_ledger_consistent(graph)


def test_every_problem_of_a_request_is_reported_at_once(graph):
    pid = make_participants("No Method")["No Method"]
    fund(pid, "500")
    with pytest.raises(InvalidInput) as below:
        payouts.request_payout(pid, Decimal("9.99"), "USD", "k", None, "x")
    assert set(below.value.errors) == {"amount", "methodId"}
    assert "minimum payout of 10.00 USD" in below.value.errors["amount"][0]
    with pytest.raises(InvalidInput) as cents:
        payouts.request_payout(pid, Decimal("12.345"), "USD", "k", None, "x")
    assert cents.value.errors["amount"] == ["USD payouts have at most 2 decimals"]
    with pytest.raises(InvalidInput) as unknown:
        payouts.request_payout(pid, Decimal("12"), "USD", "k", "PM-999999", "x")
    assert "PM-999999 is not an active payout method" in unknown.value.errors["methodId"][0]
    with pytest.raises(InvalidInput) as currency:
        payouts.request_payout(pid, Decimal("12"), "XXQ", "k", None, "x")
    assert list(currency.value.errors) == ["currency"]
    with pytest.raises(wallets.ParticipantNotFound):
        payouts.request_payout("PART-999999", Decimal("12"), "USD", "k", None, "x")
    assert figures(pid) == (Decimal("500"), Decimal("0"), Decimal("500"))


def test_the_same_idempotency_key_returns_the_first_payout(graph, ama):
    pid, _ = ama
    first, created = payouts.request_payout(pid, Decimal("30"), "USD", "same", None, "ama")
    again, created_again = payouts.request_payout(pid, Decimal("30.00"), "USD", "same", None, "ama")
    assert (created, created_again) == (True, False)
    assert again["payoutId"] == first["payoutId"]
    with pytest.raises(payouts.IdempotencyConflict) as conflict:
        payouts.request_payout(pid, Decimal("31"), "USD", "same", None, "ama")
    assert conflict.value.payout_id == first["payoutId"]
    assert figures(pid) == (Decimal("70"), Decimal("30"), Decimal("100"))  # posted once
    other = make_participants("Kofi")["Kofi"]
    fund(other, "50")
    payout_methods.add_method(other, {**BANK, "institution": "GCB"}, False, "test")
    theirs, created_theirs = payouts.request_payout(other, Decimal("30"), "USD", "same", None, "kofi")
    assert created_theirs and theirs["payoutId"] != first["payoutId"]  # keys are per participant
    assert_ledger_consistent(graph)


def _concurrently(n: int, request) -> list:
    barrier, results = threading.Barrier(n), [None] * n

    def one(i):
        barrier.wait()
        try:
            results[i] = request(i)
        except Exception as exc:  # noqa: BLE001 — the outcome is what the test counts
            results[i] = exc
    threads = [threading.Thread(target=one, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def test_fifty_concurrent_requests_never_overdraw(graph, ama):
    pid, _ = ama
    fund(pid, "900")  # 1000.00 available: floor(1000 / 30) = 33 requests of 30.00 fit
    results = _concurrently(50, lambda i: payouts.request_payout(pid, Decimal("30"), "USD", f"c{i}", None, "ama"))
    ok = [r for r in results if isinstance(r, tuple)]
    refused = [r for r in results if isinstance(r, payouts.InsufficientFunds)]
    assert (len(ok), len(refused)) == (33, 17), {type(r).__name__ for r in results}
    assert sorted(r.available for r in refused) == [10_000_000] * 17
    assert figures(pid) == (Decimal("10"), Decimal("990"), Decimal("1000"))
    assert_ledger_consistent(graph)


def test_fifty_concurrent_requests_with_one_key_make_one_payout(graph, ama):
    pid, _ = ama
    results = _concurrently(50, lambda i: payouts.request_payout(pid, Decimal("10"), "USD", "one", None, "ama"))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len({payout["payoutId"] for payout, _ in results}) == 1
    assert sum(created for _, created in results) == 1
    assert figures(pid) == (Decimal("90"), Decimal("10"), Decimal("100"))
    assert_ledger_consistent(graph)


def test_a_run_that_stopped_before_the_receipt_is_submitted_again(graph, ama, tmp_path):
    pid, _ = ama
    payout, _ = payouts.request_payout(pid, Decimal("20"), "USD", "r1", None, "ama")
    payouts.transition(payout["payoutId"], "approved", "fin")
    with pytest.raises(ConnectionError):
        payout_runs.run_payouts("fin", via=BrokenProvider(tmp_path))
    stuck = payouts.get(payout["payoutId"])
    assert stuck["status"] == "processing" and payout_runs.get_batch(stuck["batchId"])["status"] == "submitting"
    [batch] = payout_runs.run_payouts("fin", via=RefusingProvider(tmp_path, set()))
    assert (batch["batchId"], batch["status"]) == (stuck["batchId"], "submitted")
    assert Path(batch["location"]).parent == tmp_path
    assert payout_runs.run_payouts("fin") == []  # nothing left
    assert_ledger_consistent(graph)


def test_a_payout_the_provider_refuses_fails_and_its_money_returns(graph, ama, tmp_path):
    pid, _ = ama
    a, _ = payouts.request_payout(pid, Decimal("20"), "USD", "a", None, "ama")
    b, _ = payouts.request_payout(pid, Decimal("30"), "USD", "b", None, "ama")
    for p in (a, b):
        payouts.transition(p["payoutId"], "approved", "fin")
    [batch] = payout_runs.run_payouts("fin", via=RefusingProvider(tmp_path, {b["payoutId"]}))
    assert batch["payoutIds"] == [a["payoutId"], b["payoutId"]]
    assert payouts.get(a["payoutId"])["status"] == "processing"
    refused = payouts.get(b["payoutId"])
    assert (refused["status"], refused["failureReason"]) == ("failed", "account closed")
    assert figures(pid) == (Decimal("80"), Decimal("20"), Decimal("100"))
    assert_ledger_consistent(graph)


def test_payout_methods_are_masked_and_the_default_follows_to_the_participant(graph):
    pid = make_participants("Efua")["Efua"]
    bank = payout_methods.add_method(pid, BANK, False, "test")
    paypal = payout_methods.add_method(pid, {"type": "paypal", "email": "ama.k@example.com"}, False, "test")
    momo = payout_methods.add_method(pid, {"type": "mobile_money", "institution": "MTN MoMo",
                                           "accountNumber": "+233 24 123 5678"}, True, "test")
    assert (bank["label"], bank["last4"], bank["isDefault"]) == ("Chase ••••1234", "1234", True)
    assert (paypal["label"], paypal["isDefault"]) == ("PayPal a•••@example.com", False)
    assert (momo["label"], momo["last4"]) == ("MTN MoMo ••••5678", "5678")
    listed = payout_methods.list_methods(pid)
    assert [(m["methodId"], m["isDefault"]) for m in listed] == [
        (momo["methodId"], True), (paypal["methodId"], False), (bank["methodId"], False)]
    records, _, _ = graph.execute_query("MATCH (p:Participant {participantId: $pid}) "
                                        "RETURN p.payoutMethodType AS t, p.payoutMethodLabel AS l", pid=pid)
    assert (records[0]["t"], records[0]["l"]) == ("mobile_money", "MTN MoMo ••••5678")
    payout_methods.update_method(pid, momo["methodId"], {"status": "inactive"}, "test")
    records, _, _ = graph.execute_query("MATCH (p:Participant {participantId: $pid}) "
                                        "RETURN p.payoutMethodType AS t", pid=pid)
    assert records[0]["t"] is None
    payout_methods.update_method(pid, paypal["methodId"], {"isDefault": True}, "test")
    assert [m["methodId"] for m in payout_methods.list_methods(pid) if m["isDefault"]] == [paypal["methodId"]]
    with pytest.raises(InvalidInput):
        payout_methods.update_method(pid, momo["methodId"], {"isDefault": True}, "test")
    text = graph_text(graph)
    assert "000123456781234" not in text and "ama.k@" not in text and "241235678" not in text


def test_the_catalog_payout_method_becomes_the_first_method_when_paying_out(graph):
    pid = make_participants("Yaw", payout_method={"type": "bank_transfer", "label": "GCB ••••5678"})["Yaw"]
    assert payout_methods.list_methods(pid)[0] | {"createdAt": None} == {
        "methodId": None, "participantId": pid, "type": "bank_transfer", "label": "GCB ••••5678",
        "institution": None, "last4": "5678", "externalRef": None, "isDefault": True, "status": "active",
        "createdAt": None, "updatedAt": None}
    fund(pid, "15")
    payout, _ = payouts.request_payout(pid, Decimal("15"), "USD", "y", None, "yaw")
    [method] = payout_methods.list_methods(pid)
    assert method["methodId"] is not None and method["isDefault"]
    assert payout["method"] == {"methodId": method["methodId"], "type": "bank_transfer", "label": "GCB ••••5678"}
    assert_ledger_consistent(graph)


def test_wallets_in_several_currencies(graph, ama):
    pid, _ = ama
    fund(pid, "500.5", "GHS")
    payouts.request_payout(pid, Decimal("100.50"), "GHS", "ghs", None, "ama")
    usd = wallets.wallet(pid)
    ghs = wallets.wallet(pid, "GHS")
    assert (usd["currency"], usd["available"]) == ("USD", Decimal("100"))
    assert (ghs["currency"], ghs["available"], ghs["pending"], ghs["balance"]) == (
        "GHS", Decimal("400"), Decimal("100.5"), Decimal("500.5"))
    assert [c["currency"] for c in usd["currencies"]] == ["GHS", "USD"] and usd["currencies"] == ghs["currencies"]
    eur = wallets.wallet(pid, "EUR")
    assert (eur["walletId"], eur["balance"]) == (None, Decimal("0"))
    assert_ledger_consistent(graph)
