"""Agreements and whole splits on the real graph: the OWNS / COLLECTS edges an agreement
creates (each with its agreementId), whole-catalogue scope, amendments and splits superseding
from a date (both sides of the boundary, by ``rights/owners_at``), termination, money allocated
on both sides of a split change, and bad input refused in full with nothing written."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.services import agreements, splits
from app.services.catalog_import import import_catalog
from app.services.db import read, run
from app.services.entities import InvalidInput
from tests.graph.helpers import (
    allocations,
    graph_counts,
    ingest,
    participant,
    participant_ids,
    recording,
    write_catalog,
    write_distrokid,
)

ISRC_1, ISRC_2, ISRC_3 = "GHA0C2400001", "GHA0C2400002", "GHA0C2400003"
D = dt.date.fromisoformat


def owners_at(asset_id: str, right_type: str, date: str, country: str = "US") -> dict[str, int]:
    """participantId → share (millionths) of the slices ``rights/owners_at`` finds."""
    rows = read(lambda tx: run(tx, "rights/owners_at", keys=[
        {"key": "k", "assetId": asset_id, "rightType": right_type, "date": D(date), "country": country}]))
    return {r["participantId"]: r["share"] for r in rows}


def edges(driver, rel_type: str = "OWNS") -> list[dict]:
    records, _, _ = driver.execute_query(
        f"MATCH (p)-[e:{rel_type}]->(x) RETURN coalesce(p.participantId, p.code) AS holder, "
        "coalesce(x.workId, x.recordingId) AS asset, properties(e) AS props ORDER BY holder, asset, props.validFrom")
    return [{"holder": r["holder"], "asset": r["asset"], **r["props"]} for r in records]


def audit_actions(driver) -> list[str]:
    records, _, _ = driver.execute_query("MATCH (a:AuditEvent) RETURN a.action AS action ORDER BY a.auditId")
    return [r["action"] for r in records]


@pytest.fixture
def catalog(graph, tmp_path):
    """label-a owns r1 and r2 (master 100 % since 2020) and owned r3 until 2023; a work whose
    performance right is 50/50 writer/publisher; an artist, a second label, an administrator."""
    import_catalog(write_catalog(
        tmp_path / "catalog.json",
        participants=[participant("label-a", "label"), participant("label-b", "label"), participant("artist"),
                      participant("writer", "writer"), participant("publisher", "publisher"),
                      participant("admin", "admin")],
        works=[{"ref": "w1", "title": "Song One"}],
        recordings=[recording("r1", ISRC_1, workRef="w1"), recording("r2", ISRC_2), recording("r3", ISRC_3)],
        ownership=[{"participantRef": "label-a", "assetRef": "r1", "rightType": "master", "share": "100"},
                   {"participantRef": "label-a", "assetRef": "r2", "rightType": "master", "share": "100"},
                   {"participantRef": "label-a", "assetRef": "r3", "rightType": "master", "share": "100",
                    "validTo": "2023-01-01"},
                   {"participantRef": "writer", "assetRef": "w1", "rightType": "performance", "share": "50",
                    "role": "writer"},
                   {"participantRef": "publisher", "assetRef": "w1", "rightType": "performance", "share": "50",
                    "role": "publisher"}]))
    ids = participant_ids(graph)
    records, _, _ = graph.execute_query(
        "MATCH (r:Recording) RETURN r.isrc AS isrc, r.recordingId AS id "
        "UNION MATCH (w:Work) RETURN 'w1' AS isrc, w.workId AS id")
    assets = {r["isrc"]: r["id"] for r in records}
    ids.update(r1=assets[ISRC_1], r2=assets[ISRC_2], r3=assets[ISRC_3], w1=assets["w1"])
    return ids


def master_split(ids: dict, valid_from: str = "2024-07-01", **fields) -> dict:
    """A master_split agreement over r1: artist 50 % / label-b 50 %."""
    return {"type": "master_split", "title": "Artist deal", "validFrom": D(valid_from), "validTo": None,
            "territories": ["WORLD"], "excluded": [],
            "parties": [{"participantId": ids["artist"], "role": "artist"},
                        {"participantId": ids["label-b"], "role": "label"}],
            "scope": {"works": [], "recordings": [ids["r1"]], "catalogueOf": []},
            "terms": terms(shares=[share(ids["artist"], "master", "50"), share(ids["label-b"], "master", "50")]),
            "documents": [{"title": "Signed contract", "uri": "https://example.com/contract.pdf", "sha256": None}],
            **fields}


def terms(**fields) -> dict:
    return {"shares": [], "collectedRights": None, "adminFeePercent": None, "recoupable": False, "advance": None,
            "notes": None, **fields}


def share(pid: str, right: str, percent: str, **fields) -> dict:
    return {"participantId": pid, "rightType": right, "share": Decimal(percent), "territories": None,
            "excluded": None, **fields}


def test_master_split_agreement_opens_its_slices_and_supersedes_the_earlier_ones_from_its_start(catalog, graph):
    ids = catalog
    agreement = agreements.record_agreement(master_split(ids), "tester")

    aid = agreement["agreementId"]
    assert aid == "AGR-000001"
    assert (agreement["status"], agreement["version"], agreement["type"]) == ("active", 1, "master_split")
    assert [(p["participantId"], p["role"]) for p in agreement["parties"]] == sorted(
        [(ids["artist"], "artist"), (ids["label-b"], "label")])
    assert [c["assetId"] for c in agreement["covers"]] == [ids["r1"]]
    assert agreement["documents"] == [{"title": "Signed contract", "uri": "https://example.com/contract.pdf",
                                       "sha256": None}]
    r1_master = [e for e in edges(graph) if e["asset"] == ids["r1"]]
    assert [(e["holder"], e["share"], e["validFrom"].to_native(), e.get("validTo") and e["validTo"].to_native(),
             e["status"], e.get("agreementId"), e["role"]) for e in r1_master] == sorted([
        (ids["label-a"], 1_000_000, D("2020-01-01"), D("2024-07-01"), "superseded", None, "owner"),
        (ids["artist"], 500_000, D("2024-07-01"), None, "active", aid, "artist"),
        (ids["label-b"], 500_000, D("2024-07-01"), None, "active", aid, "label"),
    ])
    assert owners_at(ids["r1"], "master", "2024-06-30") == {ids["label-a"]: 1_000_000}
    assert owners_at(ids["r1"], "master", "2024-07-01") == {ids["artist"]: 500_000, ids["label-b"]: 500_000}
    assert owners_at(ids["r2"], "master", "2024-07-01") == {ids["label-a"]: 1_000_000}  # not in scope
    assert [e["type"] for e in agreement["edges"]] == ["OWNS", "OWNS"]
    assert {e["share"] for e in agreement["edges"]} == {Decimal("50")}
    assert audit_actions(graph)[-1] == "agreement.create"


def test_whole_catalogue_scope_covers_what_the_participant_owns_on_the_start_date(catalog, graph):
    ids = catalog
    deal = master_split(ids, parties=[{"participantId": ids["label-b"], "role": "label"}],
                        scope={"works": [], "recordings": [], "catalogueOf": [ids["label-a"]]},
                        terms=terms(shares=[share(ids["label-b"], "master", "100")]))
    agreement = agreements.record_agreement(deal, "tester")

    # r3 left label-a's catalogue in 2023; the work is not label-a's
    assert sorted(c["assetId"] for c in agreement["covers"]) == sorted([ids["r1"], ids["r2"]])
    for rid in (ids["r1"], ids["r2"]):
        assert owners_at(rid, "master", "2024-06-30") == {ids["label-a"]: 1_000_000}
        assert owners_at(rid, "master", "2024-07-01") == {ids["label-b"]: 1_000_000}
    assert {(e["holder"], e["asset"]) for e in edges(graph) if e.get("agreementId")} == {
        (ids["label-b"], ids["r1"]), (ids["label-b"], ids["r2"])}


def test_publishing_administration_makes_the_administrator_collect_without_changing_ownership(catalog, graph):
    ids = catalog
    deal = {**master_split(ids), "type": "publishing_administration", "title": "Admin deal",
            "parties": [{"participantId": ids["publisher"], "role": "publisher"},
                        {"participantId": ids["admin"], "role": "administrator"}],
            "scope": {"works": [ids["w1"]], "recordings": [], "catalogueOf": []},
            "territories": ["WORLD"], "excluded": ["GH"], "validTo": D("2027-07-01"),
            "terms": terms(adminFeePercent=Decimal("15.5"))}
    owns_before = edges(graph)
    agreement = agreements.record_agreement(deal, "tester")

    assert edges(graph) == owns_before
    collects = edges(graph, "COLLECTS")
    assert sorted((c["holder"], c["asset"], c["rightType"], c["basis"], c["feePercent"], c["territories"],
                   c["excluded"], c["validFrom"].to_native(), c["validTo"].to_native(), c["agreementId"])
                  for c in collects) == [
        (ids["admin"], ids["w1"], right, "admin", "15.5", ["WORLD"], ["GH"], D("2024-07-01"), D("2027-07-01"),
         agreement["agreementId"]) for right in ("mechanical", "performance")]
    assert {(e["type"], e["feePercent"]) for e in agreement["edges"]} == {("COLLECTS", Decimal("15.5"))}


def test_amendment_supersedes_the_agreements_edges_from_its_effective_date(catalog, graph):
    ids = catalog
    aid = agreements.record_agreement(master_split(ids, "2024-01-01"), "tester")["agreementId"]
    amended = agreements.amend_agreement(aid, {
        "effectiveFrom": D("2025-01-01"), "reason": "artist renegotiated",
        "terms": terms(shares=[share(ids["artist"], "master", "60"), share(ids["label-b"], "master", "40")])},
        "tester")

    assert (amended["status"], amended["version"]) == ("amended", 2)
    assert owners_at(ids["r1"], "master", "2023-12-31") == {ids["label-a"]: 1_000_000}
    assert owners_at(ids["r1"], "master", "2024-12-31") == {ids["artist"]: 500_000, ids["label-b"]: 500_000}
    assert owners_at(ids["r1"], "master", "2025-01-01") == {ids["artist"]: 600_000, ids["label-b"]: 400_000}
    own = [(e["holder"], e["share"], e["validFrom"].to_native(), e.get("validTo") and e["validTo"].to_native(),
            e["status"])
           for e in edges(graph) if e.get("agreementId") == aid]
    assert sorted(own) == sorted([
        (ids["artist"], 500_000, D("2024-01-01"), D("2025-01-01"), "superseded"),
        (ids["label-b"], 500_000, D("2024-01-01"), D("2025-01-01"), "superseded"),
        (ids["artist"], 600_000, D("2025-01-01"), None, "active"),
        (ids["label-b"], 400_000, D("2025-01-01"), None, "active"),
    ])
    [history] = amended["amendments"]
    assert (history["number"], history["effectiveFrom"], history["reason"]) == (
        1, D("2025-01-01"), "artist renegotiated")
    assert [s["share"] for s in history["before"]["terms"]["shares"]] == [Decimal("50"), Decimal("50")]
    assert [s["share"] for s in history["after"]["terms"]["shares"]] == [Decimal("60"), Decimal("40")]
    assert [p["validTo"] for p in amended["parties"]] == [D("2025-01-01"), D("2025-01-01"), None, None]
    assert audit_actions(graph)[-1] == "agreement.amend"


def test_amendment_before_the_current_terms_is_refused(catalog, graph):
    aid = agreements.record_agreement(master_split(catalog, "2024-01-01"), "tester")["agreementId"]
    with pytest.raises(InvalidInput) as exc:
        agreements.amend_agreement(aid, {"effectiveFrom": D("2023-06-01")}, "tester")
    assert list(exc.value.errors) == ["effectiveFrom"]


def test_termination_ends_the_agreements_edges_on_the_date(catalog, graph):
    ids = catalog
    aid = agreements.record_agreement(master_split(ids, "2024-01-01"), "tester")["agreementId"]
    terminated = agreements.terminate_agreement(aid, D("2024-10-01"), "breach", "tester")

    assert (terminated["status"], terminated["validTo"], terminated["terminationReason"]) == (
        "terminated", D("2024-10-01"), "breach")
    assert owners_at(ids["r1"], "master", "2024-09-30") == {ids["artist"]: 500_000, ids["label-b"]: 500_000}
    assert owners_at(ids["r1"], "master", "2024-10-01") == {}
    assert {e["validTo"].to_native() for e in edges(graph) if e.get("agreementId") == aid} == {D("2024-10-01")}
    with pytest.raises(agreements.AgreementTerminated):
        agreements.terminate_agreement(aid, D("2024-11-01"), None, "tester")


def test_invalid_agreement_lists_every_problem_and_writes_nothing(catalog, graph):
    ids = catalog
    before = graph_counts(graph)
    deal = master_split(
        ids, validTo=D("2024-01-01"), territories=["WORLD", "XX"],
        parties=[{"participantId": ids["artist"], "role": "artist"}, {"participantId": "PART-999999", "role": "label"}],
        scope={"works": [ids["r2"]], "recordings": [ids["r1"]], "catalogueOf": []},
        terms=terms(shares=[share(ids["artist"], "master", "50"), share(ids["label-b"], "master", "40")]))
    with pytest.raises(InvalidInput) as exc:
        agreements.record_agreement(deal, "tester")

    errors = exc.value.errors
    assert set(errors) == {"validTo", "territories", "parties", "scope", "terms"}
    assert errors["territories"] == {1: ["unknown territory code 'XX': use WORLD, a CISAC TIS group code (e.g. 2EN) "
                                         "or an ISO 3166-1 alpha-2 country code"]}
    assert errors["parties"] == {1: {"participantId": ["unknown participant PART-999999"]}}
    assert errors["scope"] == {"works": {0: [f"{ids['r2']} is a recording, not a work"]}}
    assert errors["terms"]["shares"][1] == {"participantId": [f"{ids['label-b']} is not a party to the agreement"]}
    assert "master shares sum to 90 % in" in errors["terms"]["shares"]["_schema"][0]
    assert graph_counts(graph) == before


def test_a_split_changed_on_a_date_pays_the_old_owners_before_and_the_new_ones_after(catalog, graph, tmp_path):
    ids = catalog
    result = splits.put_split(ids["r1"], "master", D("2024-07-01"), [
        {"participantId": ids["artist"], "share": Decimal("60"), "role": "artist"},
        {"participantId": ids["label-b"], "share": Decimal("40"), "role": "label", "territories": ["WORLD"],
         "excluded": ["GH"]},
        {"participantId": ids["label-a"], "share": Decimal("40"), "role": "label", "territories": ["GH"]}], "tester")
    assert [(s["participantId"], s["share"], s["validTo"]) for s in result["superseded"]] == [
        (ids["label-a"], Decimal("100"), None)]

    statement = ingest(write_distrokid(tmp_path / "statement.tsv", [
        {"ISRC": ISRC_1, "Sale Month": "2024-06", "Earnings (USD)": "1"},
        {"ISRC": ISRC_1, "Sale Month": "2024-07", "Earnings (USD)": "2"},
        {"ISRC": ISRC_1, "Sale Month": "2024-07", "Country of Sale": "GH", "Earnings (USD)": "3"}]))
    assert allocations(graph, statement["statementId"]) == {
        2: {ids["label-a"]: 1_000_000},                            # June: the old split
        3: {ids["artist"]: 1_200_000, ids["label-b"]: 800_000},    # July, US: the new one
        4: {ids["artist"]: 1_800_000, ids["label-a"]: 1_200_000},  # July, GH: label-a keeps Ghana
    }
    assert "rights.split.replace" in audit_actions(graph)

