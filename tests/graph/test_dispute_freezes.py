"""Dispute freezes on the real graph (app/services/dispute_manager.py, holds.py): income already
credited is frozen when a dispute opens, arriving income is frozen while it is open, and on
resolution it is re-allocated by the final split (exact to the micro-unit) or, on rejection,
returned. Ledger invariants after every scenario."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.services import dispute_manager, disputes, holds, ledger, splits
from app.services.catalog_import import import_catalog
from app.services.db import write
from tests.graph.helpers import (
    allocations,
    assert_ledger_consistent,
    ingest,
    load,
    participant,
    participant_ids,
    recording,
    write_catalog,
    write_distrokid,
)
from tests.graph.holds_helpers import accounts, entries, rollup_totals

ISRC_1, ISRC_2 = "GHA0C2400011", "GHA0C2400012"
ADMIN = "admin-user"


def master(owner: str, asset: str, share: str) -> dict:
    return {"participantRef": owner, "assetRef": asset, "rightType": "master", "share": share}


@pytest.fixture
def disputed(graph, tmp_path):
    """a and b own r1's master 50/50, a owns r2; statement 1 pays r1 10.000001 (a 5.000001,
    b 5.000000 — the tie goes to a, the lower id) and r2 2.00; then c disputes r1's master
    against a. Returns ids, the recording ids and the dispute."""
    load(tmp_path, [{"ISRC": ISRC_1, "Sale Month": "2024-06", "Earnings (USD)": "10.000001"},
                    {"ISRC": ISRC_2, "Sale Month": "2024-06", "Earnings (USD)": "2"}],
         participants=[participant("a"), participant("b"), participant("c")],
         recordings=[recording("r1", ISRC_1), recording("r2", ISRC_2)],
         ownership=[master("a", "r1", "50"), master("b", "r1", "50"), master("a", "r2", "100")])
    ids = participant_ids(graph)
    assert ids["a"] < ids["b"] < ids["c"]  # the tie-breaks below rely on it
    r1 = graph.execute_query("MATCH (r:Recording {isrc: $isrc}) RETURN r.recordingId AS id", isrc=ISRC_1)[0][0]["id"]
    dispute = disputes.open_dispute({"assetId": r1, "rightType": "master", "reason": "c produced it",
                                     "raisedBy": ids["c"], "involves": [ids["a"]]}, ADMIN)
    return ids["a"], ids["b"], ids["c"], r1, dispute


def second_statement(tmp_path) -> dict:
    """Statement 2, while the dispute is open: r1 3.000003 (a 1.500002, b 1.500001)."""
    return ingest(write_distrokid(tmp_path / "s2.tsv", [{"ISRC": ISRC_1, "Sale Month": "2024-07",
                                                         "Earnings (USD)": "3.000003"}]))


def test_opening_freezes_the_parties_credited_income_only(graph, disputed):
    a, b, c, r1, dispute = disputed
    did = dispute["disputeId"]

    # a's part of r1 moved wallet → frozen; b (not a party) and a's r2 income untouched
    assert accounts(graph) == {(a, "wallet"): 2_000_000, (a, "frozen"): 5_000_001, (b, "wallet"): 5_000_000}
    [freeze] = entries(graph, "dispute_freeze")
    assert freeze["sourceId"] == did
    assert freeze["postings"] == {f"{a}:wallet": -5_000_001, f"{a}:frozen": 5_000_001}
    assert dispute_manager.frozen(dispute_id=did) == [
        {"disputeId": did, "participantId": a, "frozen": Decimal("5.000001"), "released": Decimal("0")}]
    actions = [e["action"] for e in disputes.get(did)["history"]]
    assert actions == ["dispute.open", "dispute.freeze"]
    assert_ledger_consistent(graph)


def test_arriving_income_is_frozen_for_the_parties_while_open(graph, disputed, tmp_path):
    a, b, c, r1, dispute = disputed
    statement = second_statement(tmp_path)

    assert accounts(graph) == {(a, "wallet"): 2_000_000, (a, "frozen"): 5_000_001 + 1_500_002,
                               (b, "wallet"): 5_000_000 + 1_500_001}
    records, _, _ = graph.execute_query(
        "MATCH (:RoyaltyEvent {statementId: $sid})-[al:ALLOCATED]->(acc:Account) "
        "RETURN acc.kind AS kind, al.participantId AS pid, al.hold AS hold, al.disputeId AS dispute, "
        "al.amount AS amount "
        "ORDER BY pid", sid=statement["statementId"])
    assert [r.data() for r in records] == [
        {"kind": "frozen", "pid": a, "hold": "dispute", "dispute": dispute["disputeId"], "amount": 1_500_002},
        {"kind": "wallet", "pid": b, "hold": None, "dispute": None, "amount": 1_500_001}]
    # in_review keeps holding
    disputes.transition(dispute["disputeId"], "in_review", None, ADMIN)
    third = ingest(write_distrokid(tmp_path / "s3.tsv", [{"ISRC": ISRC_1, "Sale Month": "2024-08",
                                                          "Earnings (USD)": "1"}]))
    assert allocations(graph, third["statementId"]) == {2: {a: 500_000, b: 500_000}}
    assert accounts(graph)[(a, "frozen")] == 5_000_001 + 1_500_002 + 500_000
    assert_ledger_consistent(graph)


def test_resolution_reallocates_the_frozen_money_by_the_final_split(graph, disputed, tmp_path):
    a, b, c, r1, dispute = disputed
    second_statement(tmp_path)
    # the resolution: c gets a quarter, taken from a
    splits.put_split(r1, "master", dt.date(2024, 1, 1), [
        {"participantId": a, "share": Decimal(25)}, {"participantId": b, "share": Decimal(50)},
        {"participantId": c, "share": Decimal(25)}], ADMIN)
    disputes.transition(dispute["disputeId"], "resolved", "split corrected", ADMIN)

    # moved hold 5.000001 → a 1.250000, b 2.500001 (the .5 remainder), c 1.250000;
    # arrived hold 1.500002 → a .375001 (tie with c, lower id), b .750001, c .375000
    assert accounts(graph) == {(a, "wallet"): 2_000_000 + 1_250_000 + 375_001,
                               (b, "wallet"): 5_000_000 + 1_500_001 + 2_500_001 + 750_001,
                               (c, "wallet"): 1_250_000 + 375_000}
    [resolution] = entries(graph, "dispute_resolution")
    assert resolution["postings"] == {f"{a}:frozen": -6_500_003, f"{a}:wallet": 1_625_001,
                                      f"{b}:wallet": 3_250_002, f"{c}:wallet": 1_625_000}
    # the income rollups follow the money: each participant's income = its wallet
    assert rollup_totals(graph) == {a: (3_625_001, 0), b: (9_750_003, 0), c: (1_625_000, 0)}
    assert dispute_manager.frozen(dispute_id=dispute["disputeId"])[0]["frozen"] == 0
    assert disputes.get(dispute["disputeId"])["history"][-1]["action"] == "dispute.resolution"
    assert_ledger_consistent(graph)


def test_resolution_without_an_owner_where_the_income_arose_sends_it_to_suspense(graph, disputed):
    a, b, c, r1, dispute = disputed
    # the final split covers Ghana only; the held income is from the US
    splits.put_split(r1, "master", dt.date(2024, 1, 1),
                     [{"participantId": b, "share": Decimal(100), "territories": ["GH"]}], ADMIN)
    disputes.transition(dispute["disputeId"], "resolved", None, ADMIN)
    assert accounts(graph) == {(a, "wallet"): 2_000_000, (b, "wallet"): 5_000_000}
    assert entries(graph, "dispute_resolution")[0]["postings"] == {f"{a}:frozen": -5_000_001,
                                                                  "ACC-SUSPENSE-USD": 5_000_001}
    assert_ledger_consistent(graph)


def test_rejection_returns_the_frozen_money(graph, disputed, tmp_path):
    a, b, c, r1, dispute = disputed
    second_statement(tmp_path)
    disputes.transition(dispute["disputeId"], "rejected", "no evidence", ADMIN)

    assert accounts(graph) == {(a, "wallet"): 2_000_000 + 5_000_001 + 1_500_002, (b, "wallet"): 6_500_001}
    [release] = entries(graph, "dispute_release")
    assert release["postings"] == {f"{a}:frozen": -6_500_003, f"{a}:wallet": 6_500_003}
    assert rollup_totals(graph) == {a: (8_500_003, 0), b: (6_500_001, 0)}
    # closed: new income flows to the wallet again
    third = ingest(write_distrokid(tmp_path / "s3.tsv", [{"ISRC": ISRC_1, "Earnings (USD)": "1"}]))
    assert allocations(graph, third["statementId"]) == {2: {a: 500_000, b: 500_000}}
    assert accounts(graph)[(a, "wallet")] == 9_000_003
    assert_ledger_consistent(graph)


def test_freeze_never_takes_more_than_the_wallet_holds(graph, tmp_path):
    load(tmp_path, [{"ISRC": ISRC_1, "Earnings (USD)": "10"}],
         participants=[participant("a"), participant("c")], recordings=[recording("r1", ISRC_1)],
         ownership=[master("a", "r1", "100")])
    ids = participant_ids(graph)
    a, c = ids["a"], ids["c"]

    def pay_out(tx):  # 7.25 of it already left through a payout
        wallet = ledger.participant_accounts(tx, [a], "USD")[a]
        paid, = ledger.ensure_platform_accounts(tx, "USD", [("payouts_paid", None)])
        ledger.post(tx, "test:payout", "payout_paid", [{"accountId": wallet, "amount": -7_250_000},
                                                       {"accountId": paid, "amount": 7_250_000}], "paid out")
    write(pay_out)
    r1 = graph.execute_query("MATCH (r:Recording) RETURN r.recordingId AS id")[0][0]["id"]
    dispute = disputes.open_dispute({"assetId": r1, "rightType": None, "reason": "mine", "raisedBy": c,
                                     "involves": [a]}, ADMIN)

    assert accounts(graph) == {(a, "frozen"): 2_750_000}  # only what is still in the wallet
    freeze = next(e for e in disputes.get(dispute["disputeId"])["history"] if e["action"] == "dispute.freeze")
    assert freeze["after"]["shortfallMicro"] == {a: 7_250_000}
    assert_ledger_consistent(graph)


def test_freezing_credited_income_can_be_switched_off(graph, tmp_path, monkeypatch):
    monkeypatch.setenv("RIGHTSGRAPH_FREEZE_CREDITED", "false")
    load(tmp_path, [{"ISRC": ISRC_1, "Earnings (USD)": "4"}],
         participants=[participant("a"), participant("c")], recordings=[recording("r1", ISRC_1)],
         ownership=[master("a", "r1", "100")])
    ids = participant_ids(graph)
    r1 = graph.execute_query("MATCH (r:Recording) RETURN r.recordingId AS id")[0][0]["id"]
    disputes.open_dispute({"assetId": r1, "rightType": None, "reason": "mine", "raisedBy": ids["c"],
                           "involves": [ids["a"]]}, ADMIN)
    assert accounts(graph) == {(ids["a"], "wallet"): 4_000_000}
    assert entries(graph, "dispute_freeze") == []
    # …arriving income is still frozen
    ingest(write_distrokid(tmp_path / "s2.tsv", [{"ISRC": ISRC_1, "Earnings (USD)": "1"}]))
    assert accounts(graph) == {(ids["a"], "wallet"): 4_000_000, (ids["a"], "frozen"): 1_000_000}
    assert_ledger_consistent(graph)


def test_a_dispute_about_another_right_holds_nothing(graph, tmp_path):
    load(tmp_path, [{"ISRC": ISRC_1, "Earnings (USD)": "4"}],
         participants=[participant("a"), participant("c")], recordings=[recording("r1", ISRC_1)],
         ownership=[master("a", "r1", "100")])
    ids = participant_ids(graph)
    r1 = graph.execute_query("MATCH (r:Recording) RETURN r.recordingId AS id")[0][0]["id"]
    disputes.open_dispute({"assetId": r1, "rightType": "neighbouring", "reason": "mine", "raisedBy": ids["c"],
                           "involves": [ids["a"]]}, ADMIN)
    ingest(write_distrokid(tmp_path / "s2.tsv", [{"ISRC": ISRC_1, "Earnings (USD)": "1"}]))
    assert accounts(graph) == {(ids["a"], "wallet"): 5_000_000}
    assert_ledger_consistent(graph)


def test_a_dispute_about_a_work_holds_its_publishing_income_only(graph, tmp_path):
    import_catalog(write_catalog(
        tmp_path / "catalog.json", participants=[participant("w", "writer"), participant("c", "writer")],
        works=[{"ref": "w1", "title": "Song"}], recordings=[recording("r1", ISRC_1, workRef="w1")],
        ownership=[{"participantRef": "w", "assetRef": "w1", "rightType": "performance", "share": "100"},
                   master("w", "r1", "100")]))
    ids = participant_ids(graph)
    work_id = graph.execute_query("MATCH (w:Work) RETURN w.workId AS id")[0][0]["id"]
    r1 = graph.execute_query("MATCH (r:Recording) RETURN r.recordingId AS id")[0][0]["id"]
    dispute = disputes.open_dispute({"assetId": work_id, "rightType": None, "reason": "co-wrote it",
                                     "raisedBy": ids["c"], "involves": [ids["w"]]}, ADMIN)

    def route(tx):
        parts = [holds.Part(ids["w"], 700, work_id, "performance", "GB", "2024-06", "prs", "PRS"),
                 holds.Part(ids["w"], 300, r1, "master", "GB", "2024-06", "spotify", "Spotify", r1)]
        return holds.route(tx, "USD", parts)
    performance, master_part = write(route)
    assert [(c.hold, c.dispute_id, c.amount) for c in performance] == [("dispute", dispute["disputeId"], 700)]
    assert [(c.hold, c.amount) for c in master_part] == [(None, 300)]
    assert dispute_manager.frozen(participant_id=ids["w"])[0]["frozen"] == Decimal("0.0007")
