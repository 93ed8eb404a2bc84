"""PUT/GET /api/rights/splits/{assetId}/{rightType} and the split change request flow
(/api/splits/change-requests): time-sliced writes read back on both sides of the date, 422s
listing every problem with nothing written, approvals by every affected party (participant
tokens for themselves, an admin on behalf with a note), rejection, and the AuditEvents."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from app.services.catalog import add_ownership, upsert_participants, upsert_recordings, upsert_works
from app.services.db import write
from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, token

CR = "/api/splits/change-requests"


@pytest.fixture
def cat(graph, client):
    """Recording R (master: label L 100 % since 2020) and work X (performance: writer W 50 % /
    publisher B 50 %); artist A and producer P; participant tokens for A, L and P."""
    def build(tx):
        people = upsert_participants(tx, [{"ref": ref, "kinds": [kind], "name": ref} for ref, kind in (
            ("A", "artist"), ("L", "label"), ("P", "producer"), ("W", "writer"), ("B", "publisher"))], "USD").ids
        work = upsert_works(tx, [{"title": "Song X"}]).ids["0"]
        rec = upsert_recordings(tx, [{"title": "Song X (master)", "isrc": "GHA0C2400001", "workId": work}]).ids["0"]
        add_ownership(tx, [
            {"participantId": people["L"], "assetId": rec, "rightType": "master", "share": Decimal(100),
             "role": "label", "validFrom": dt.date(2020, 1, 1)},
            {"participantId": people["W"], "assetId": work, "rightType": "performance", "share": Decimal(50),
             "role": "writer", "validFrom": dt.date(2020, 1, 1)},
            {"participantId": people["B"], "assetId": work, "rightType": "performance", "share": Decimal(50),
             "role": "publisher", "validFrom": dt.date(2020, 1, 1)}])
        return SimpleNamespace(**people, R=rec, X=work)
    ns = write(build)
    for key in ("A", "L", "P"):
        create_user(f"user-{key}", PASSWORD, "participant", getattr(ns, key))
    ns.headers = {key: bearer(token(client, f"user-{key}")) for key in ("A", "L", "P")}
    return ns


def owner(pid: str, share, **fields) -> dict:
    return {"participantId": pid, "share": share, **fields}


def count(graph, pattern: str) -> int:
    records, _, _ = graph.execute_query(f"MATCH {pattern} RETURN count(*) AS n")
    return records[0]["n"]


def audit_trail(graph, entity_id: str) -> list[str]:
    records, _, _ = graph.execute_query(
        "MATCH (a:AuditEvent {entityId: $id}) RETURN a.action AS action ORDER BY a.auditId", id=entity_id)
    return [r["action"] for r in records]


def split_at(client, auth, asset: str, right: str, date: str) -> list[tuple]:
    resp = client.get(f"/api/rights/splits/{asset}/{right}?asOf={date}", headers=auth("viewer"))
    assert resp.status_code == 200, body(resp)
    return [(o["participantId"], o["share"]) for o in body(resp)["owners"]]


# -- PUT /api/rights/splits ----------------------------------------------------------------

def test_a_split_written_from_a_date_supersedes_the_old_one_from_that_date(client, auth, cat, graph):
    resp = client.put(f"/api/rights/splits/{cat.R}/master", headers=auth("ops"), json={
        "effectiveFrom": "2024-07-01",
        "owners": [owner(cat.A, 60, role="artist"), owner(cat.P, "40", role="producer")]})
    data = body(resp)
    assert resp.status_code == 200, data
    assert [(o["participantId"], o["share"], o["validFrom"], o["validTo"]) for o in data["owners"]] == [
        (cat.A, 60, "2024-07-01", None), (cat.P, 40, "2024-07-01", None)]
    assert [(s["participantId"], s["share"], s["validFrom"], s["validTo"]) for s in data["superseded"]] == [
        (cat.L, 100, "2020-01-01", None)]

    assert split_at(client, auth, cat.R, "master", "2024-06-30") == [(cat.L, 100)]
    assert split_at(client, auth, cat.R, "master", "2024-07-01") == [(cat.A, 60), (cat.P, 40)]
    old = body(client.get(f"/api/rights/splits/{cat.R}/master?asOf=2024-06-30", headers=auth("viewer")))["owners"]
    assert (old[0]["validTo"], old[0]["status"]) == ("2024-07-01", "superseded")
    assert count(graph, "()-[:OWNS]->(:Recording)") == 3  # nothing deleted
    assert audit_trail(graph, cat.R) == ["rights.split.replace"]


def test_a_territory_carve_out_adds_up_in_every_country(client, auth, cat):
    resp = client.put(f"/api/rights/splits/{cat.R}/master", headers=auth("admin"), json={
        "effectiveFrom": "2024-07-01",
        "owners": [owner(cat.A, 100, territories=["WORLD"], excluded=["GH"]), owner(cat.L, 100, territories=["GH"])]})
    assert resp.status_code == 200, body(resp)
    assert split_at(client, auth, cat.R, "master", "2024-07-01") == [(cat.A, 100), (cat.L, 100)]

    short = client.put(f"/api/rights/splits/{cat.R}/master", headers=auth("admin"), json={
        "effectiveFrom": "2024-07-01",
        "owners": [owner(cat.A, 100, excluded=["GH"]), owner(cat.L, 90, territories=["GH"], validTo="2026-01-01"),
                   owner(cat.P, 100, territories=["GH"], validFrom="2026-01-01")]})
    assert assert_error(short, 422, field="owners")["errors"]["json"]["owners"] == [
        "master shares sum to 90 % in GH from 2024-07-01 until 2026-01-01; they must sum to 100 % within ±0.06 "
        "(CWR tolerance)"]


def test_an_invalid_split_is_422_listing_every_problem_and_writes_nothing(client, auth, cat, graph):
    before = (count(graph, "()-[:OWNS]->()"), count(graph, "(:AuditEvent)"))
    resp = client.put(f"/api/rights/splits/{cat.R}/master", headers=auth("admin"), json={
        "effectiveFrom": "2024-07-01",
        "owners": [owner(cat.A, 50, role="artist", territories=["WORLD", "XX"]),
                   owner("PART-999999", 30),
                   owner(cat.A, 20, role="artist"),
                   owner(cat.P, 10, validFrom="2024-09-01", validTo="2024-08-01"),
                   owner(cat.P, "12.34567")]})
    errors = assert_error(resp, 422, field="owners")["errors"]["json"]["owners"]
    assert errors == {
        "0": {"territories": {"1": ["unknown territory code 'XX': use WORLD, a CISAC TIS group code (e.g. 2EN) or "
                                    "an ISO 3166-1 alpha-2 country code"]}},
        "1": {"participantId": ["unknown participant PART-999999"]},
        "2": {"validFrom": [f"{cat.A} (artist) already holds owners[0] for an overlapping period in WORLD"]},
        "3": {"validTo": ["validTo 2024-08-01 must be after validFrom 2024-09-01 (it is exclusive)"]},
        "4": {"share": ["share 12.34567 is not a percent with at most 4 decimals"]},
        "_schema": ["master shares sum to 110 % in WORLD from 2024-09-01; they must sum to 100 % within ±0.06 "
                    "(CWR tolerance)"],
    }
    assert (count(graph, "()-[:OWNS]->()"), count(graph, "(:AuditEvent)")) == before


def test_shares_within_the_cwr_tolerance_pass_and_beyond_it_fail(client, auth, cat):
    url = f"/api/rights/splits/{cat.R}/master"
    ok = client.put(url, headers=auth("admin"), json={
        "effectiveFrom": "2024-07-01", "owners": [owner(cat.A, "66.66"), owner(cat.P, "33.3")]})  # 99.96 %
    assert ok.status_code == 200, body(ok)
    bad = client.put(url, headers=auth("admin"), json={
        "effectiveFrom": "2024-07-01", "owners": [owner(cat.A, "66.66"), owner(cat.P, "33.27")]})  # 99.93 %
    assert "sum to 99.93 %" in assert_error(bad, 422, field="owners")["errors"]["json"]["owners"][0]


def test_publishers_over_half_of_the_performance_right_break_the_cwr_rule(client, auth, cat):
    resp = client.put(f"/api/rights/splits/{cat.X}/performance", headers=auth("admin"), json={
        "effectiveFrom": "2024-07-01",
        "owners": [owner(cat.W, 40, role="writer"), owner(cat.B, 60, role="publisher")]})
    assert assert_error(resp, 422, field="owners")["errors"]["json"]["owners"] == [
        "publishers hold 60 % of the performance right in WORLD from 2024-07-01; CWR allows at most 50 %"]


def test_right_type_asset_and_role_errors(client, auth, cat):
    body_ = {"effectiveFrom": "2024-07-01", "owners": [owner(cat.A, 100)]}
    wrong = client.put(f"/api/rights/splits/{cat.R}/performance", headers=auth("admin"), json=body_)
    assert assert_error(wrong, 422, field="rightType")["errors"]["json"]["rightType"] == [
        "a recording carries master, neighbouring, sync rights, not performance"]
    assert_error(client.put("/api/rights/splits/REC-999999/master", headers=auth("admin"), json=body_), 404)
    assert_error(client.put(f"/api/rights/splits/{cat.R}/master", headers=auth("viewer"), json=body_), 403)
    assert_error(client.put(f"/api/rights/splits/{cat.R}/master", headers=auth("admin"), json={"owners": []}), 422,
                 field="effectiveFrom")


# -- change requests -----------------------------------------------------------------------

def propose(client, headers, asset: str, right: str, *owners, effective: str = "2025-01-01"):
    return client.post(CR, headers=headers, json={"assetId": asset, "rightType": right, "effectiveFrom": effective,
                                                  "owners": list(owners), "reason": "new deal"})


def decide(client, headers, request_id: str, verb: str = "approvals", **payload):
    return client.post(f"{CR}/{request_id}/{verb}", headers=headers, json=payload)


def test_a_change_request_is_applied_once_every_affected_party_approved(client, auth, cat, graph):
    resp = propose(client, auth("admin"), cat.R, "master", owner(cat.A, 50, role="artist"),
                   owner(cat.L, 50, role="label"))
    request = body(resp)
    assert resp.status_code == 201, request
    rid = request["requestId"]
    assert (rid, request["status"], request["requestedBy"], request["reason"]) == (
        "SCR-000001", "pending", "admin-user", "new deal")
    assert [(p["participantId"], p["decision"]) for p in request["parties"]] == [(cat.A, "pending"), (cat.L, "pending")]

    assert_error(decide(client, cat.headers["P"], rid), 403)                     # not a party
    assert_error(decide(client, cat.headers["A"], rid, participantId=cat.L), 403)  # not its own
    first = decide(client, cat.headers["A"], rid, note="fine by me")
    assert (first.status_code, body(first)["status"]) == (200, "pending")
    assert_error(decide(client, cat.headers["A"], rid), 409)                     # already decided
    assert_error(decide(client, auth("admin"), rid, participantId=cat.L), 422, field="note")
    assert_error(decide(client, auth("admin"), rid, participantId=cat.P, note="x"), 422, field="participantId")
    assert_error(decide(client, auth("ops"), rid, participantId=cat.L, note="x"), 403)

    last = decide(client, auth("admin"), rid, participantId=cat.L, note="signed letter on file")
    applied = body(last)
    assert (last.status_code, applied["status"]) == (200, "applied"), applied
    assert applied["closedAt"] is not None
    assert [(p["participantId"], p["decision"], p["decidedBy"], p["note"]) for p in applied["parties"]] == [
        (cat.A, "approved", "user-A", "fine by me"), (cat.L, "approved", "admin-user", "signed letter on file")]
    assert split_at(client, auth, cat.R, "master", "2024-12-31") == [(cat.L, 100)]
    assert split_at(client, auth, cat.R, "master", "2025-01-01") == [(cat.A, 50), (cat.L, 50)]
    assert_error(decide(client, cat.headers["L"], rid, verb="rejections"), 409)
    assert audit_trail(graph, rid) == ["split.change_request.create", "split.change_request.approve",
                                       "split.change_request.approve", "split.change_request.apply"]
    assert audit_trail(graph, cat.R) == ["rights.split.replace"]


def test_one_rejection_rejects_the_request_and_nothing_changes(client, auth, cat, graph):
    owns = count(graph, "()-[:OWNS]->()")
    resp = propose(client, cat.headers["L"], cat.R, "master", owner(cat.L, 70, role="label"),
                   owner(cat.P, 30, role="producer"))
    request = body(resp)
    assert resp.status_code == 201, request
    # the proposing participant approves by proposing
    assert [(p["participantId"], p["decision"]) for p in request["parties"]] == [
        (cat.L, "approved"), (cat.P, "pending")]

    rejected = decide(client, cat.headers["P"], request["requestId"], verb="rejections", note="30 % is too little")
    assert (rejected.status_code, body(rejected)["status"]) == (200, "rejected")
    assert count(graph, "()-[:OWNS]->()") == owns
    assert split_at(client, auth, cat.R, "master", "2025-01-01") == [(cat.L, 100)]
    assert audit_trail(graph, request["requestId"]) == [
        "split.change_request.create", "split.change_request.approve", "split.change_request.reject"]

    listed = client.get(f"{CR}?status=rejected&assetId={cat.R}", headers=auth("viewer"))
    assert (body(listed)[0]["requestId"], listed.headers["X-Total-Count"]) == (request["requestId"], "1")
    assert client.get(f"{CR}?status=pending", headers=auth("viewer")).headers["X-Total-Count"] == "0"
    assert client.get(CR, headers=cat.headers["P"]).headers["X-Total-Count"] == "1"
    assert client.get(CR, headers=cat.headers["A"]).headers["X-Total-Count"] == "0"
    assert_error(client.get(f"{CR}/{request['requestId']}", headers=cat.headers["A"]), 403)
    assert body(client.get(f"{CR}/{request['requestId']}", headers=cat.headers["P"]))["status"] == "rejected"


def test_a_sole_affected_proposer_applies_at_once_and_others_cannot_propose(client, auth, cat):
    alone = propose(client, cat.headers["L"], cat.R, "master", owner(cat.L, 100, role="label", excluded=["GH"]),
                    owner(cat.L, 100, role="label", territories=["GH"]))
    assert (alone.status_code, body(alone)["status"]) == (201, "applied")
    outsider = propose(client, cat.headers["A"], cat.X, "performance", owner(cat.W, 50, role="writer"),
                       owner(cat.B, 50, role="publisher"))
    assert_error(outsider, 403)


def test_owners_who_appear_after_the_request_must_approve_too(client, auth, cat):
    rid = body(propose(client, auth("admin"), cat.R, "master", owner(cat.A, 50), owner(cat.L, 50)))["requestId"]
    replaced = client.put(f"/api/rights/splits/{cat.R}/master", headers=auth("admin"),
                          json={"effectiveFrom": "2024-07-01", "owners": [owner(cat.P, 100)]})
    assert replaced.status_code == 200
    decide(client, cat.headers["A"], rid)
    waiting = body(decide(client, cat.headers["L"], rid))
    assert waiting["status"] == "pending"
    assert [(p["participantId"], p["decision"]) for p in waiting["parties"]] == [
        (cat.A, "approved"), (cat.L, "approved"), (cat.P, "pending")]
    assert body(decide(client, cat.headers["P"], rid))["status"] == "applied"
    assert split_at(client, auth, cat.R, "master", "2025-01-01") == [(cat.A, 50), (cat.L, 50)]
    assert split_at(client, auth, cat.R, "master", "2024-12-31") == [(cat.P, 100)]


def test_an_invalid_change_request_is_422_listing_every_problem_and_writes_nothing(client, auth, cat, graph):
    resp = client.post(CR, headers=auth("admin"), json={
        "assetId": cat.X, "rightType": "master", "effectiveFrom": "2025-01-01",
        "owners": [owner("PART-999999", 80), owner(cat.W, 10, territories=["ZZ"])]})
    errors = assert_error(resp, 422)["errors"]["json"]
    assert set(errors) == {"rightType", "owners"}
    assert set(errors["owners"]) == {"0", "1", "_schema"}
    assert count(graph, "(:SplitChangeRequest)") == 0
    assert_error(client.post(f"{CR}/SCR-999999/approvals", headers=auth("admin"),
                             json={"participantId": cat.A, "note": "x"}), 404)
