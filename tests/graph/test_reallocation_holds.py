"""Reprocessing with holds (app/services/holds.py): a reversal takes recoupment and dispute holds
back (``holds.unroute``) and the new allocation is routed again (``holds.route``) — exact to the
micro-unit, the advance and the dispute's frozen money kept true, the ledger balanced."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from app.services import advance_offers, advances, dispute_manager, disputes, reprocessing, splits
from app.services.catalog_import import import_catalog
from tests.graph.helpers import (
    assert_ledger_consistent,
    ingest,
    load,
    participant,
    participant_ids,
    recording,
    write_catalog,
    write_distrokid,
)
from tests.graph.holds_helpers import accounts
from tests.graph.test_reallocation import recording_id

ISRC = "QZAAA2400050"
NOW = dt.datetime(2025, 1, 15, 12, tzinfo=dt.timezone.utc)


def master(owner: str, share: str) -> dict:
    return {"participantRef": owner, "assetRef": "r1", "rightType": "master", "share": share}


def test_reprocess_takes_recoupment_back_and_recoups_the_new_part(graph, tmp_path):
    # a owns r1 and earned 100.00 a month in 2024: offered 532 at 50 % of net royalties
    load(tmp_path, [{"ISRC": ISRC, "Sale Month": f"2024-{m:02d}", "Earnings (USD)": "100"} for m in range(1, 13)],
         participants=[participant("a"), participant("b")], recordings=[recording("r1", ISRC)],
         ownership=[master("a", "100")])
    a = participant_ids(graph)["a"]
    advance_id = advances.accept(advance_offers.current_offers(a, NOW)[0]["offerId"], "finance-user",
                                 now=NOW)["advanceId"]
    statement = ingest(write_distrokid(tmp_path / "s.tsv", [{"ISRC": ISRC, "Sale Month": "2025-01",
                                                             "Earnings (USD)": "10.000001"}]))
    wallet0 = 1_200_000_000 + 532_000_000
    assert accounts(graph) == {(a, "wallet"): wallet0 + 5_000_001, (a, "advance_receivable"): -527_000_000}

    ids = participant_ids(graph)
    splits.put_split(recording_id(graph, "r1"), "master", dt.date(2025, 1, 1), [
        {"participantId": a, "share": Decimal("50"), "role": "artist"},
        {"participantId": ids["b"], "share": Decimal("50"), "role": "producer"}], "tester")
    report = reprocessing.reprocess_statement(statement["statementId"], actor="ops")
    assert (report["changed"], report["movedMicro"]) == (1, 5_000_000)
    # a's 5.000001 recoups ⌊2.5000005⌋ = 2.500000; b (no advance) is paid in full
    assert accounts(graph) == {(a, "wallet"): wallet0 + 2_500_001, (a, "advance_receivable"): -529_500_000,
                               (ids["b"], "wallet"): 5_000_000}
    got = advances.get(advance_id, NOW.date())
    assert (got["recoupedAmount"], got["remainingToRecoup"], got["status"]) == (
        Decimal("2.5"), Decimal("529.5"), "active")
    assert reprocessing.reprocess_statement(statement["statementId"])["changed"] == 0
    assert_ledger_consistent(graph)


def test_reprocess_keeps_a_disputed_part_frozen_under_its_dispute(graph, tmp_path):
    import_catalog(write_catalog(tmp_path / "catalog.json", participants=[participant(x) for x in "abc"],
                                 recordings=[recording("r1", ISRC)], ownership=[master("a", "50"), master("b", "50")]))
    ids = participant_ids(graph)
    a, b = ids["a"], ids["b"]
    dispute = disputes.open_dispute({"assetId": recording_id(graph, "r1"), "rightType": "master",
                                     "reason": "c produced it", "raisedBy": ids["c"], "involves": [a]}, "admin-user")
    statement = ingest(write_distrokid(tmp_path / "s.tsv", [{"ISRC": ISRC, "Sale Month": "2024-06",
                                                             "Earnings (USD)": "10"}]))
    assert accounts(graph) == {(a, "frozen"): 5_000_000, (b, "wallet"): 5_000_000}

    splits.put_split(recording_id(graph, "r1"), "master", dt.date(2020, 1, 1), [
        {"participantId": a, "share": Decimal("20"), "role": "artist"},
        {"participantId": b, "share": Decimal("80"), "role": "producer"}], "tester")
    reprocessing.reprocess_statement(statement["statementId"], actor="ops")
    assert accounts(graph) == {(a, "frozen"): 2_000_000, (b, "wallet"): 8_000_000}
    assert [(f["participantId"], f["frozen"]) for f in dispute_manager.frozen(dispute_id=dispute["disputeId"])] == [
        (a, Decimal("2"))]
    assert_ledger_consistent(graph)
