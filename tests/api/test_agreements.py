"""/api/agreements: recording an agreement with its OWNS / COLLECTS edges (each carrying its
agreementId), listing with filters and pagination, participant access, amendments read back on
both sides of their date, termination, and 422s listing every problem with nothing written."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from app.services.catalog import add_ownership, upsert_participants, upsert_recordings, upsert_works
from app.services.db import write
from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, token


@pytest.fixture
def cat(graph, client):
    """Recordings R1 and R2 owned by label L (master 100 % since 2020); work X (performance:
    writer W 50 % / publisher B 50 %); artist A, administrator M; a participant token for A
    and one for W."""
    def build(tx):
        people = upsert_participants(tx, [{"ref": ref, "kinds": [kind], "name": ref} for ref, kind in (
            ("A", "artist"), ("L", "label"), ("W", "writer"), ("B", "publisher"), ("M", "admin"))], "USD").ids
        work = upsert_works(tx, [{"title": "Song X"}]).ids["0"]
        recs = upsert_recordings(tx, [{"ref": "R1", "title": "One", "isrc": "GHA0C2400001", "workId": work},
                                      {"ref": "R2", "title": "Two", "isrc": "GHA0C2400002"}]).ids
        start = dt.date(2020, 1, 1)
        add_ownership(tx, [
            *[{"participantId": people["L"], "assetId": recs[r], "rightType": "master", "share": Decimal(100),
               "role": "label", "validFrom": start} for r in ("R1", "R2")],
            {"participantId": people["W"], "assetId": work, "rightType": "performance", "share": Decimal(50),
             "role": "writer", "validFrom": start},
            {"participantId": people["B"], "assetId": work, "rightType": "performance", "share": Decimal(50),
             "role": "publisher", "validFrom": start}])
        return SimpleNamespace(**people, R1=recs["R1"], R2=recs["R2"], X=work)
    ns = write(build)
    for key in ("A", "W"):
        create_user(f"user-{key}", PASSWORD, "participant", getattr(ns, key))
    ns.headers = {key: bearer(token(client, f"user-{key}")) for key in ("A", "W")}
    return ns


def master_deal(cat, **fields) -> dict:
    """An artist deal over the label's whole catalogue from 2024-07-01: artist 20 %, label 80 %."""
    return {"type": "master_split", "title": "Artist deal", "validFrom": "2024-07-01",
            "parties": [{"participantId": cat.A, "role": "artist"}, {"participantId": cat.L, "role": "label"}],
            "scope": {"catalogueOf": [cat.L]},
            "terms": {"shares": [{"participantId": cat.A, "rightType": "master", "share": 20},
                                 {"participantId": cat.L, "rightType": "master", "share": "80"}],
                      "recoupable": True, "advance": {"amount": "5000.00", "currency": "USD"}},
            "documents": [{"title": "Signed deal", "sha256": "ab" * 32}], **fields}


def split_at(client, auth, asset: str, date: str) -> list[tuple]:
    resp = client.get(f"/api/rights/splits/{asset}/master?asOf={date}", headers=auth("viewer"))
    assert resp.status_code == 200, body(resp)
    return [(o["participantId"], o["share"], o.get("agreementId")) for o in body(resp)["owners"]]


def count(graph, pattern: str) -> int:
    records, _, _ = graph.execute_query(f"MATCH {pattern} RETURN count(*) AS n")
    return records[0]["n"]


def test_an_agreement_creates_its_slices_with_its_id_over_the_whole_catalogue(client, auth, cat, graph):
    resp = client.post("/api/agreements", headers=auth("ops"), json=master_deal(cat))
    data = body(resp)
    assert resp.status_code == 201, data
    aid = data["agreementId"]
    assert (aid, data["status"], data["version"], data["validTo"]) == ("AGR-000001", "active", 1, None)
    assert data["terms"]["advance"] == {"amount": 5000, "currency": "USD"} and data["terms"]["recoupable"] is True
    assert data["scope"] == {"works": [], "recordings": [], "catalogueOf": [cat.L]}
    assert data["documents"] == [{"title": "Signed deal", "uri": None, "sha256": "ab" * 32}]
    assert sorted(c["assetId"] for c in data["covers"]) == sorted([cat.R1, cat.R2])
    assert sorted((e["type"], e["assetId"], e["participantId"], e["share"], e["role"], e["status"])
                  for e in data["edges"]) == sorted(
        ("OWNS", r, pid, share, role, "active") for r in (cat.R1, cat.R2)
        for pid, share, role in ((cat.A, 20, "artist"), (cat.L, 80, "label")))
    for rid in (cat.R1, cat.R2):
        assert split_at(client, auth, rid, "2024-06-30") == [(cat.L, 100, None)]
        assert split_at(client, auth, rid, "2024-07-01") == [(cat.A, 20, aid), (cat.L, 80, aid)]
    assert count(graph, f"(:AuditEvent {{action: 'agreement.create', entityId: '{aid}'}})") == 1


def test_agreements_are_listed_by_party_and_type_and_participants_see_only_their_own(client, auth, cat):
    aid = body(client.post("/api/agreements", headers=auth("admin"), json=master_deal(cat)))["agreementId"]
    listed = client.get(f"/api/agreements?participantId={cat.A}&type=master_split", headers=auth("viewer"))
    assert ([a["agreementId"] for a in body(listed)], listed.headers["X-Total-Count"]) == ([aid], "1")
    assert "edges" not in body(listed)[0]
    assert client.get("/api/agreements?type=distribution", headers=auth("viewer")).headers["X-Total-Count"] == "0"
    assert client.get("/api/agreements?page=2&pageSize=1", headers=auth("viewer")).get_json() == []

    own = client.get("/api/agreements", headers=cat.headers["A"])
    assert [a["agreementId"] for a in body(own)] == [aid]
    assert_error(client.get(f"/api/agreements?participantId={cat.L}", headers=cat.headers["A"]), 403)
    assert client.get("/api/agreements", headers=cat.headers["W"]).headers["X-Total-Count"] == "0"
    assert client.get(f"/api/agreements/{aid}", headers=cat.headers["A"]).status_code == 200
    assert_error(client.get(f"/api/agreements/{aid}", headers=cat.headers["W"]), 403)
    assert_error(client.get("/api/agreements/AGR-999999", headers=auth("viewer")), 404)
    assert_error(client.post("/api/agreements", headers=auth("viewer"), json=master_deal(cat)), 403)


def test_an_amendment_supersedes_from_its_date_and_is_kept_in_the_history(client, auth, cat, graph):
    aid = body(client.post("/api/agreements", headers=auth("admin"), json=master_deal(cat)))["agreementId"]
    resp = client.post(f"/api/agreements/{aid}/amendments", headers=auth("admin"), json={
        "effectiveFrom": "2025-01-01", "reason": "royalty escalation",
        "terms": {"shares": [{"participantId": cat.A, "rightType": "master", "share": 25},
                             {"participantId": cat.L, "rightType": "master", "share": 75}]}})
    data = body(resp)
    assert resp.status_code == 201, data
    assert (data["status"], data["version"]) == ("amended", 2)
    assert split_at(client, auth, cat.R1, "2024-12-31") == [(cat.A, 20, aid), (cat.L, 80, aid)]
    assert split_at(client, auth, cat.R1, "2025-01-01") == [(cat.A, 25, aid), (cat.L, 75, aid)]
    superseded = [e for e in data["edges"] if e["status"] == "superseded"]
    assert {(e["share"], e["validFrom"], e["validTo"]) for e in superseded} == {
        (20, "2024-07-01", "2025-01-01"), (80, "2024-07-01", "2025-01-01")}
    assert len(data["edges"]) == 8  # 2 recordings × 2 owners × (old, new): nothing deleted
    [amendment] = data["amendments"]
    assert (amendment["amendmentId"], amendment["effectiveFrom"], amendment["reason"]) == (
        f"{aid}/1", "2025-01-01", "royalty escalation")
    assert [s["share"] for s in amendment["after"]["terms"]["shares"]] == [25, 75]
    assert sorted(c["assetId"] for c in data["covers"] if c["validFrom"] == "2025-01-01") == sorted([cat.R1, cat.R2])
    assert count(graph, f"(:AuditEvent {{action: 'agreement.amend', entityId: '{aid}'}})") == 1


def test_termination_ends_the_edges_and_closes_the_agreement(client, auth, cat):
    aid = body(client.post("/api/agreements", headers=auth("admin"), json=master_deal(cat)))["agreementId"]
    resp = client.post(f"/api/agreements/{aid}/termination", headers=auth("admin"),
                       json={"terminatedOn": "2025-03-01", "reason": "label closed"})
    data = body(resp)
    assert (resp.status_code, data["status"], data["validTo"], data["terminationReason"]) == (
        200, "terminated", "2025-03-01", "label closed")
    assert split_at(client, auth, cat.R2, "2025-02-28") == [(cat.A, 20, aid), (cat.L, 80, aid)]
    assert split_at(client, auth, cat.R2, "2025-03-01") == []
    assert_error(client.post(f"/api/agreements/{aid}/termination", headers=auth("admin"),
                             json={"terminatedOn": "2025-04-01"}), 409)
    assert_error(client.post(f"/api/agreements/{aid}/amendments", headers=auth("admin"),
                             json={"effectiveFrom": "2025-04-01"}), 409)


def test_an_admin_deal_makes_the_administrator_the_direct_collector(client, auth, cat):
    resp = client.post("/api/agreements", headers=auth("admin"), json={
        "type": "publishing_administration", "title": "Admin deal", "validFrom": "2024-01-01", "validTo": "2027-01-01",
        "territories": ["WORLD"], "excluded": ["GH"],
        "parties": [{"participantId": cat.B, "role": "publisher"}, {"participantId": cat.M, "role": "administrator"}],
        "scope": {"works": [cat.X]}, "terms": {"adminFeePercent": 12.5, "collectedRights": ["performance"]}})
    data = body(resp)
    assert resp.status_code == 201, data
    assert [(e["type"], e["participantId"], e["assetId"], e["rightType"], e["basis"], e["feePercent"], e["excluded"],
             e["validTo"]) for e in data["edges"]] == [
        ("COLLECTS", cat.M, cat.X, "performance", "admin", 12.5, ["GH"], "2027-01-01")]
    us = body(client.get(f"/api/rights/mandate?workId={cat.X}&territory=US&date=2024-07-01", headers=auth("viewer")))
    assert (us["outcome"], us["collector"]["id"], us["mandate"]["agreementId"]) == (
        "direct", cat.M, data["agreementId"])
    ghana = body(client.get(f"/api/rights/mandate?workId={cat.X}&territory=GH&date=2024-07-01", headers=auth("viewer")))
    assert ghana["outcome"] == "suspense"


def test_an_invalid_agreement_is_422_listing_every_problem_and_writes_nothing(client, auth, cat, graph):
    before = (count(graph, "()-[:OWNS]->()"), count(graph, "(:Agreement)"), count(graph, "(:AuditEvent)"))
    resp = client.post("/api/agreements", headers=auth("admin"), json={
        "type": "publishing_administration", "title": "Broken", "validFrom": "2024-07-01", "validTo": "2024-01-01",
        "territories": ["WORLD", "ATLANTIS"],
        "parties": [{"participantId": cat.B, "role": "publisher"}, {"participantId": cat.B, "role": "writer"}],
        "scope": {"recordings": [cat.X], "catalogueOf": ["PART-999999"]},
        "terms": {"shares": [{"participantId": cat.W, "rightType": "performance", "share": 70}],
                  "collectedRights": ["master"]}})
    errors = assert_error(resp, 422)["errors"]["json"]
    assert errors["validTo"] == ["validTo 2024-01-01 must be after validFrom 2024-07-01"]
    assert list(errors["territories"]) == ["1"]
    assert errors["parties"] == {
        "1": {"participantId": [f"{cat.B} is already a party (one role per party)"]},
        "_schema": ["a publishing_administration agreement needs a party with role administrator (the one who "
                    "collects)"]}
    assert errors["scope"] == {"recordings": {"0": [f"{cat.X} is a work, not a recording"]},
                               "catalogueOf": {"0": ["unknown participant PART-999999"]}}
    assert errors["terms"]["shares"]["0"] == {"participantId": [f"{cat.W} is not a party to the agreement"]}
    assert errors["terms"]["collectedRights"] == {"0": ["a collection mandate covers a work's performance, "
                                                        "mechanical, sync rights, not master"]}
    assert (count(graph, "()-[:OWNS]->()"), count(graph, "(:Agreement)"), count(graph, "(:AuditEvent)")) == before


def test_a_reciprocal_mandate_held_by_a_participant_that_is_no_society_is_refused(client, auth, cat, graph):
    resp = client.post("/api/agreements", headers=auth("admin"), json={
        "type": "reciprocal", "title": "Not a society", "validFrom": "2024-01-01",
        "parties": [{"participantId": cat.M, "role": "society"}], "scope": {"works": [cat.X]}})
    errors = assert_error(resp, 422, field="parties")["errors"]["json"]["parties"]
    assert list(errors) == ["0"] and "society" in errors["0"][0]
    assert count(graph, "(:Agreement)") == 0
