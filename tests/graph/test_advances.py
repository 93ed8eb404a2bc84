"""Advances on the real graph: offers from the AdvanceOfferEngine (trailing 12 months, 20 %/year
decay, 50 % cap), accepting one (advance_grant), recoupment during allocation across lines and
statements until recouped — exact to the micro-unit — and then income flowing to the wallet
again; holds.unroute taking reversed recoupment and dispute holds back. Ledger invariants after
every scenario."""
from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest

from app.services import advance_offers, advances, disputes, holds, statements
from app.services.catalog import UnknownEntity
from app.services.db import run, write
from tests.graph.helpers import (
    assert_ledger_consistent,
    ingest,
    load,
    participant,
    participant_ids,
    recording,
    write_distrokid,
)
from tests.graph.holds_helpers import accounts, entries, rollup_totals

ISRC = "GHA0C2400021"
NOW = dt.datetime(2025, 1, 15, 12, tzinfo=dt.timezone.utc)
MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]


@pytest.fixture
def earner(graph, tmp_path):
    """a owns r1 (master 100 %) and earned 100.00 a month in 2024 (the 12 months before NOW):
    T = 1,200 → projected next 12 months 1,065.57 → offers of 532 at 50 % (12 months) and at
    100 % (6 months). Returns a's id."""
    load(tmp_path, [{"ISRC": ISRC, "Sale Month": m, "Earnings (USD)": "100"} for m in MONTHS],
         participants=[participant("a"), participant("b")], recordings=[recording("r1", ISRC)],
         ownership=[{"participantRef": "a", "assetRef": "r1", "rightType": "master", "share": "100"}])
    return participant_ids(graph)["a"]


def statement(tmp_path, name: str, *amounts: str) -> dict:
    return ingest(write_distrokid(tmp_path / name, [{"ISRC": ISRC, "Sale Month": "2025-01", "Earnings (USD)": a}
                                                    for a in amounts]))


def test_offers_follow_the_projection_and_are_kept_until_they_expire(graph, earner):
    offers = advance_offers.current_offers(earner, NOW)
    assert [(o["amount"], o["recoupPercentOfNetRoyalties"], o["estimatedPayoffMonths"], o["buckets"])
            for o in offers] == [(Decimal(532), Decimal(50), 12, ["master", "publishing"]),
                                 (Decimal(532), Decimal(100), 6, ["master", "publishing"])]
    assert {o["expiresAt"] for o in offers} == {NOW + dt.timedelta(days=30)}
    assert advance_offers.current_offers(earner, NOW + dt.timedelta(days=1)) == offers  # same ids
    later = advance_offers.current_offers(earner, NOW + dt.timedelta(days=31))  # expired: new offers
    assert {o["offerId"] for o in later}.isdisjoint({o["offerId"] for o in offers})
    assert advance_offers.has_offers(earner, NOW) is True


def test_no_offer_without_enough_income(graph, earner):
    b = participant_ids(graph)["b"]
    assert advance_offers.current_offers(b, NOW) == []
    assert advance_offers.has_offers(b, NOW) is False
    with pytest.raises(advance_offers.ParticipantNotFound):
        advance_offers.current_offers("PART-999999", NOW)


def test_accepting_an_offer_grants_the_advance_once(graph, earner):
    half, full = advance_offers.current_offers(earner, NOW)
    advance = advances.accept(half["offerId"], "finance-user", now=NOW)

    assert (advance["amount"], advance["recoupedAmount"], advance["remainingToRecoup"], advance["status"]) == (
        Decimal(532), Decimal(0), Decimal(532), "active")
    assert accounts(graph) == {(earner, "wallet"): 1_732_000_000, (earner, "advance_receivable"): -532_000_000}
    [grant] = entries(graph, "advance_grant")
    assert grant["sourceId"] == advance["advanceId"]
    with pytest.raises(advances.OfferUnavailable, match="already accepted") as accepted:
        advances.accept(half["offerId"], "finance-user", now=NOW)
    assert accepted.value.advance_id == advance["advanceId"]
    with pytest.raises(advances.OfferUnavailable, match="superseded"):
        advances.accept(full["offerId"], "finance-user", now=NOW)
    assert advance_offers.current_offers(earner, NOW) == []  # no offer while recouping
    assert advance_offers.has_offers(earner, NOW) is False
    with pytest.raises(advances.NotYourOffer):
        advances.accept(half["offerId"], "someone", participant_id="PART-999999", now=NOW)
    with pytest.raises(UnknownEntity, match="unknown advance offer OFR-999999"):
        advances.accept("OFR-999999", "finance-user", now=NOW)
    actions = run_audit_actions(graph, advance["advanceId"])
    assert actions == ["advance.grant"]
    assert_ledger_consistent(graph)


def test_an_expired_offer_cannot_be_accepted(graph, earner):
    offer = advance_offers.current_offers(earner, NOW)[0]
    with pytest.raises(advances.OfferUnavailable, match="expired"):
        advances.accept(offer["offerId"], "finance-user", now=NOW + dt.timedelta(days=30))
    assert entries(graph, "advance_grant") == []


def test_recoupment_across_statements_until_recouped_then_income_flows_to_the_wallet(graph, earner, tmp_path):
    offer = advance_offers.current_offers(earner, NOW)[0]  # 532 at 50 %
    advance_id = advances.accept(offer["offerId"], "finance-user", now=NOW)["advanceId"]
    wallet0 = 1_732_000_000

    # statement 1, two lines in one batch: basis 300.000001 → ⌊150.0000005⌋ = 150; then
    # 600.000001 → ⌊300.0000005⌋ − 150 = 150: 300.000000 recouped, 300.000001 to the wallet
    statement(tmp_path, "s1.tsv", "300.000001", "300")
    assert accounts(graph) == {(earner, "wallet"): wallet0 + 300_000_001,
                               (earner, "advance_receivable"): -532_000_000 + 300_000_000}
    # statement 2: basis 900.000004 → ⌊450.000002⌋ − 300 = 150.000002
    statement(tmp_path, "s2.tsv", "300.000003")
    got = advances.get(advance_id, NOW.date())
    assert (got["recoupedAmount"], got["remainingToRecoup"], got["status"]) == (
        Decimal("450.000002"), Decimal("81.999998"), "active")
    # 50 % of the projected 100/month decaying: 49.08 + 48.18 ≥ 81.999998 → two months
    assert got["estimatedPayoffDate"] == "2025-03-15"
    # statement 3: 50 % of 200 would be 100, but only 81.999998 remain
    statement(tmp_path, "s3.tsv", "200")
    got = advances.get(advance_id, NOW.date())
    assert (got["recoupedAmount"], got["remainingToRecoup"], got["status"], got["estimatedPayoffDate"]) == (
        Decimal(532), Decimal(0), "recouped", None)
    assert got["recoupedAt"] is not None
    assert accounts(graph) == {(earner, "wallet"): wallet0 + 300_000_001 + 150_000_001 + 118_000_002}
    # statement 4: recouped, so everything goes to the wallet
    statement(tmp_path, "s4.tsv", "10")
    assert accounts(graph) == {(earner, "wallet"): wallet0 + 568_000_004 + 10_000_000}
    # the ALLOCATED edges say where each part went, the rollups carry the recouped part
    records, _, _ = graph.execute_query(
        "MATCH (:RoyaltyEvent)-[al:ALLOCATED {hold: 'recoupment'}]->(acc:Account) "
        "RETURN acc.kind AS kind, collect(DISTINCT al.advanceId) AS advances, sum(al.amount) AS amount")
    assert [r.data() for r in records] == [{"kind": "advance_receivable", "advances": [advance_id],
                                            "amount": 532_000_000}]
    assert rollup_totals(graph)[earner] == (1_200_000_000 + 1_110_000_004, 532_000_000)
    assert run_audit_actions(graph, advance_id) == ["advance.grant", "advance.status"]  # active → recouped
    assert_ledger_consistent(graph)


def test_frozen_income_is_recouped_when_a_rejected_dispute_releases_it(graph, earner, tmp_path):
    advance_id = advances.accept(advance_offers.current_offers(earner, NOW)[0]["offerId"], "finance-user",
                                 now=NOW)["advanceId"]
    ids = participant_ids(graph)
    r1 = graph.execute_query("MATCH (r:Recording) RETURN r.recordingId AS id")[0][0]["id"]
    # opened after the grant: the grant itself is not royalty income, only r1's credited income is frozen
    dispute = disputes.open_dispute({"assetId": r1, "rightType": "master", "reason": "mine", "raisedBy": ids["b"],
                                     "involves": [earner]}, "admin-user")
    frozen_at_open = accounts(graph)[(earner, "frozen")]
    assert frozen_at_open == 1_200_000_000
    statement(tmp_path, "s1.tsv", "100")  # arrives frozen: not recouped yet
    assert advances.get(advance_id, NOW.date())["recoupedAmount"] == 0
    disputes.transition(dispute["disputeId"], "rejected", None, "admin-user")
    # the moved 1,200 was net of recoupment already; the arrived 100 is recouped at 50 % now
    assert advances.get(advance_id, NOW.date())["recoupedAmount"] == Decimal(50)
    assert accounts(graph) == {(earner, "wallet"): 1_732_000_000 + 50_000_000,
                               (earner, "advance_receivable"): -482_000_000}
    assert_ledger_consistent(graph)


def test_unroute_takes_reversed_holds_back(graph, earner, tmp_path):
    advance_id = advances.accept(advance_offers.current_offers(earner, NOW)[0]["offerId"], "finance-user",
                                 now=NOW)["advanceId"]
    s1 = statement(tmp_path, "s1.tsv", "300.000001")  # 150.000000 recouped, 150.000001 to the wallet
    edges = [r.data() for r in graph.execute_query(
        "MATCH (e:RoyaltyEvent {statementId: $sid})-[al:ALLOCATED]->(acc:Account) "
        "RETURN e.eventId AS eventId, acc.accountId AS accountId, al.amount AS amount, "
        "al.participantId AS participantId, "
        "al.hold AS hold, al.disputeId AS disputeId, al.advanceId AS advanceId, e.assetId AS assetId, "
        "e.rightType AS rightType, e.territory AS territory, e.period AS period, e.source AS source, "
        "e.recordingId AS recordingId ORDER BY accountId", sid=s1["statementId"])[0]]
    debit = write(lambda tx: holds.unroute(tx, "USD", edges))
    assert debit == [e["accountId"] for e in edges]  # no dispute: each reversed from its own account
    advance = write(lambda tx: run(tx, "advances/get", advanceId=advance_id))[0]["advance"]
    assert (advance["recouped"], advance["basis"]) == (0, 0)


def run_audit_actions(graph, entity_id: str) -> list[str]:
    records, _, _ = graph.execute_query(
        "MATCH (e:AuditEvent {entityId: $id}) RETURN e.action AS action ORDER BY e.auditId", id=entity_id)
    return [r["action"] for r in records]


def test_concurrent_statements_recoup_exactly_once(graph, earner, tmp_path):
    advance_id = advances.accept(advance_offers.current_offers(earner, NOW)[0]["offerId"], "finance-user",
                                 now=NOW)["advanceId"]
    amounts = ["100.000001", "200.000003", "300.000005", "400.000007"]  # Σ 1000.000016 → 50 %: 500.000008 ≤ 532
    registered = [statements.register(write_distrokid(tmp_path / f"c{i}.tsv", [
        {"ISRC": ISRC, "Sale Month": "2025-01", "Earnings (USD)": a}]), f"c{i}.tsv", "distrokid")[0]
        for i, a in enumerate(amounts)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        done = list(pool.map(lambda s: statements.process(s["statementId"]), registered))
    assert {s["status"] for s in done} == {"processed"}
    got = advances.get(advance_id, NOW.date())
    assert got["recoupedAmount"] == Decimal("500.000008")  # ⌊1000.000016 × 50 %⌋, whatever the order
    assert accounts(graph)[(earner, "advance_receivable")] == -532_000_000 + 500_000_008
    assert_ledger_consistent(graph)
