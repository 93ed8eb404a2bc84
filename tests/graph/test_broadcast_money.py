"""Broadcast money end to end on the real Neo4j: stations pay per play into the central pool,
owners' entitlements are recorded in it, withdrawals draw them out under the access rules."""
from __future__ import annotations

from decimal import Decimal

import pytest

from app.services import playlogs, pool, withdrawals
from app.services.withdrawals import NotAllowed
from tests.graph.broadcast_helpers import (
    balance,
    catalog,
    kind_total,
    participant_total,
    play_log,
    sign,
    station,
    tariff,
)
from tests.graph.helpers import assert_ledger_consistent


def _plays(stamp: str, isrc: str, n: int = 1, station_ref: str = "") -> list[dict]:
    """``n`` plays of ``isrc`` an hour apart from ``stamp`` (2024-06-01T08:00:00Z style)."""
    hour = int(stamp[11:13])
    return [{"playedAt": f"{stamp[:11]}{hour + i:02d}{stamp[13:]}", "title": "t", "artist": "a", "isrc": isrc,
             "durationSeconds": "200", "station": station_ref} for i in range(n)]


def _assert_invariant(driver) -> None:
    """pool + stations + wallets (+ pending and paid payouts) = what was deposited."""
    held = sum(kind_total(driver, k) for k in ("pool", "station", "wallet", "pending_payout", "payouts_paid"))
    assert held == -kind_total(driver, "deposits")
    assert pool.summary("GHS")["balanced"] is True
    assert_ledger_consistent(driver)


def test_seed_worked_example_end_to_end(graph, tmp_path):
    ids = catalog(tmp_path, graph)
    tv = station("GTV", "tv", top_up="5000.00")
    radio = station("Joy FM", "national", top_up="1000.00")
    tariff("tv", "100.00")
    tariff("national", "2.00")
    # the pool reaches 5000.00: 50 TV plays at 100.00, one of them Ama's
    rows = _plays("2024-06-01T00:00:00Z", "GHA0C2400003", 23) + _plays("2024-06-02T00:00:00Z", "GHA0C2400002", 23)
    rows += _plays("2024-06-03T00:00:00Z", "GHA0C2400003", 3) + _plays("2024-06-03T05:00:00Z", "GHA0C2400001", 1)
    result = playlogs.import_file(play_log(tmp_path / "gtv.csv", rows), tv["stationId"])
    assert (result["charged"], result["chargedMicro"]) == (50, 5_000_000_000)
    assert balance(graph, tv["accountId"]) == Decimal("0")
    assert kind_total(graph, "pool") == Decimal("5000.00")
    _assert_invariant(graph)

    one = playlogs.import_file(play_log(tmp_path / "joy.csv", _plays("2024-06-10T09:00:00Z", "GHA0C2400001")),
                               radio["stationId"])
    assert (one["charged"], one["chargedMicro"]) == (1, 2_000_000)
    assert balance(graph, radio["accountId"]) == Decimal("998.00")
    assert kind_total(graph, "pool") == Decimal("5002.00")
    ama_pool = pool.account_id("GHS", ids.ama)
    assert balance(graph, ama_pool) == Decimal("102.00")  # 100.00 on GTV + 2.00 on Joy FM, all hers

    assert participant_total(graph, ids.ama) == Decimal("0")
    requested, created = withdrawals.request_withdrawal(
        {"requesterId": ids.ama, "amount": Decimal("50.00"), "currency": "GHS", "idempotencyKey": "w1"}, "ama")
    assert created and requested["status"] == "pending"
    assert kind_total(graph, "pool") == Decimal("5002.00")  # nothing moves while pending
    done = withdrawals.approve(requested["withdrawalId"], "finance")
    assert (done["status"], done["transferStatus"]) == ("processed", "requested")
    assert kind_total(graph, "pool") == Decimal("4952.00")
    assert participant_total(graph, ids.ama) == Decimal("50.00")
    assert balance(graph, ama_pool) == Decimal("52.00")
    _assert_invariant(graph)


def test_signed_artist_refused_and_publisher_withdraws_for_him(graph, tmp_path):
    ids = catalog(tmp_path, graph)
    agreement = sign(ids.kofi, ids.asante, ids.w_kofi)
    radio = station("Joy FM", top_up="100.00")
    tariff("national", "2.00")
    playlogs.import_file(play_log(tmp_path / "joy.csv", _plays("2024-06-10T09:00:00Z", "GHA0C2400002", 10)),
                         radio["stationId"])
    held = pool.account_id("GHS", ids.asante, ids.kofi)
    assert balance(graph, held) == Decimal("20.00")  # both sides of Kofi's 10 plays, held by his publisher
    assert balance(graph, pool.account_id("GHS", ids.kofi)) == Decimal("0")

    with pytest.raises(NotAllowed) as refused:
        withdrawals.request_withdrawal({"requesterId": ids.kofi, "amount": Decimal("10.00"), "currency": "GHS",
                                        "idempotencyKey": "k1"}, "kofi")
    assert ids.asante in str(refused.value) and agreement in str(refused.value)

    with pytest.raises(NotAllowed) as stranger:
        withdrawals.request_withdrawal({"requesterId": ids.asante, "forParticipantId": ids.ama,
                                        "amount": Decimal("10.00"), "currency": "GHS", "idempotencyKey": "a0"}, "x")
    assert "self-published" in str(stranger.value)

    requested, _ = withdrawals.request_withdrawal({"requesterId": ids.asante, "forParticipantId": ids.kofi,
                                                   "amount": Decimal("15.00"), "currency": "GHS",
                                                   "idempotencyKey": "a1"}, "asante")
    done = withdrawals.approve(requested["withdrawalId"], "finance")
    assert done["status"] == "processed"
    assert balance(graph, held) == Decimal("5.00")
    assert participant_total(graph, ids.asante) == Decimal("15.00")
    assert participant_total(graph, ids.kofi) == Decimal("0")
    _assert_invariant(graph)


def test_reprocessing_a_play_log_charges_nothing_twice(graph, tmp_path):
    ids = catalog(tmp_path, graph)
    radio = station("Joy FM", top_up="100.00")
    tariff("national", "2.00")
    log = play_log(tmp_path / "joy.csv", _plays("2024-06-10T09:00:00Z", "GHA0C2400001", 5))
    first = playlogs.import_file(log, radio["stationId"])
    again = playlogs.import_file(log, radio["stationId"])
    assert (first["created"], first["new"], first["charged"]) == (True, 5, 5)
    assert (again["created"], again["new"], again["charged"]) == (False, 0, 0)
    assert again["import"]["importId"] == first["import"]["importId"]
    copy = play_log(tmp_path / "overlap.csv", _plays("2024-06-10T09:00:00Z", "GHA0C2400001", 6))
    overlap = playlogs.import_file(copy, radio["stationId"])
    assert (overlap["new"], overlap["charged"], overlap["import"]["duplicates"]) == (1, 1, 5)
    assert balance(graph, radio["accountId"]) == Decimal("88.00")
    assert balance(graph, pool.account_id("GHS", ids.ama)) == Decimal("12.00")
    _assert_invariant(graph)


def test_transfer_follows_its_payout_and_a_refused_payout_step_waits(graph, tmp_path, monkeypatch):
    from app.services import payout_runs, payouts
    ids = catalog(tmp_path, graph)
    radio = station("Joy FM", top_up="500.00")
    tariff("national", "100.00")
    playlogs.import_file(play_log(tmp_path / "joy.csv", _plays("2024-06-10T09:00:00Z", "GHA0C2400001", 3)),
                         radio["stationId"])

    def withdraw(amount: str, key: str) -> dict:
        asked, _ = withdrawals.request_withdrawal({"requesterId": ids.ama, "amount": Decimal(amount), "currency": "GHS",
                                                  "idempotencyKey": key}, "ama")
        return withdrawals.approve(asked["withdrawalId"], "finance")

    paid = withdraw("100.00", "w-paid")
    payout_runs.run_payouts("finance", "GHS")
    payouts.transition(paid["payoutId"], "paid", "finance", reference="MOMO-7781")
    paid = withdrawals.get(paid["withdrawalId"])
    assert (paid["status"], paid["transferStatus"], paid["transferReference"]) == ("processed", "paid", "MOMO-7781")
    declined = withdraw("80.00", "w-declined")
    payouts.transition(declined["payoutId"], "failed", "finance", reason="MoMo wallet closed")
    assert withdrawals.get(declined["withdrawalId"])["transferStatus"] == "declined"
    assert kind_total(graph, "wallet") == Decimal("80.00")  # a declined transfer returns to the wallet
    assert kind_total(graph, "payouts_paid") == Decimal("100.00")

    monkeypatch.setenv("RIGHTSGRAPH_PAYOUT_MINIMUM", "50.00")
    asked, _ = withdrawals.request_withdrawal({"requesterId": ids.ama, "amount": Decimal("60.00"), "currency": "GHS",
                                               "idempotencyKey": "w-wait"}, "ama")
    monkeypatch.setenv("RIGHTSGRAPH_PAYOUT_MINIMUM", "1000.00")  # the payout rules changed before approval
    waiting = withdrawals.approve(asked["withdrawalId"], "finance")
    assert (waiting["status"], waiting["payoutId"]) == ("approved", None) and "minimum" in waiting["transferError"]
    assert balance(graph, pool.account_id("GHS", ids.ama)) == Decimal("60.00")  # 300 - 100 - 80 - 60
    monkeypatch.setenv("RIGHTSGRAPH_PAYOUT_MINIMUM", "10.00")
    done = withdrawals.process(asked["withdrawalId"], "finance")
    assert (done["status"], done["transferStatus"], done["transferError"]) == ("processed", "requested", None)
    _assert_invariant(graph)


def test_concurrent_withdrawal_requests_never_reserve_more_than_the_entitlement(graph, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    ids = catalog(tmp_path, graph)
    radio = station("Joy FM", top_up="100.00")
    tariff("national", "50.00")
    playlogs.import_file(play_log(tmp_path / "joy.csv", _plays("2024-06-10T09:00:00Z", "GHA0C2400001")),
                         radio["stationId"])  # Ama's entitlement: 50.00

    def ask(n: int):
        try:
            return withdrawals.request_withdrawal({"requesterId": ids.ama, "amount": Decimal("10.00"),
                                                   "currency": "GHS", "idempotencyKey": f"c{n}"}, "ama")[0]
        except withdrawals.InsufficientEntitlement:
            return None

    with ThreadPoolExecutor(max_workers=8) as pool_:
        results = list(pool_.map(ask, range(12)))
    assert sum(1 for r in results if r) == 5
    assert pool.entitlements(ids.ama)[0]["available"] == Decimal("0")
