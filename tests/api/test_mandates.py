"""POST /api/rights/collects, GET /api/rights/mandate and POST /api/rights/mandate/resolve."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from app.services.catalog import add_ownership, upsert_participants, upsert_works
from app.services.db import write
from tests.api.helpers import assert_error, body


def collects(collector: str, target: str, basis: str = "direct", **fields) -> dict:
    return {"collectorId": collector, "targetId": target, "rightType": "performance", "basis": basis,
            "validFrom": "2020-01-01", **fields}


@pytest.fixture
def usage(graph):
    """Work X owned 100 % (performance, world-wide) by writer W; local publisher L; admin A
    (built through the service layer: these tests are about the mandate endpoints)."""
    def build(tx):
        people = upsert_participants(tx, [{"ref": ref, "kinds": [kind], "name": name} for ref, kind, name in
                                          (("W", "writer", "Writer"), ("L", "publisher", "Local Publisher"),
                                           ("A", "admin", "Admin"))], "USD").ids
        work = upsert_works(tx, [{"title": "Song X"}]).ids["0"]
        add_ownership(tx, [{"participantId": people["W"], "assetId": work, "rightType": "performance",
                            "share": Decimal(100), "validFrom": dt.date(2020, 1, 1)}])
        return SimpleNamespace(**people, X=work)
    return write(build)


def test_collects_are_created_once_and_mandate_precedence_is_read_back(client, auth, post_json, usage):
    resp = post_json("/api/rights/collects", {"items": [
        collects("GHAMRO", usage.W, "reciprocal", feePercent=20),
        collects(usage.L, usage.X, territories=["GH"], feePercent="12.5", agreementId="AGR-000001")]})
    assert resp.status_code == 201, body(resp)
    created = body(resp)["items"]
    assert [c["created"] for c in created] == [True, True]
    assert created[1] == {"collectorId": usage.L, "targetId": usage.X, "rightType": "performance",
                          "territories": ["GH"], "excluded": [], "validFrom": "2020-01-01", "validTo": None,
                          "feePercent": 12.5, "basis": "direct", "agreementId": "AGR-000001", "status": "active",
                          "created": True}
    again = post_json("/api/rights/collects", {"items": [collects(usage.L, usage.X, territories=["GH"])]})
    assert body(again)["items"][0]["created"] is False

    ghana = client.get(f"/api/rights/mandate?workId={usage.X}&territory=GH&date=2024-07-01", headers=auth("viewer"))
    assert (ghana.status_code, body(ghana)) == (200, {
        "workId": usage.X, "territory": "GH", "date": "2024-07-01", "rightType": "performance", "outcome": "direct",
        "collector": {"id": usage.L, "kind": "participant", "name": "Local Publisher", "societyCode": None},
        "mandate": {"basis": "direct", "feePercent": 12.5, "agreementId": "AGR-000001", "via": "work",
                    "forParticipantId": None, "validFrom": "2020-01-01", "validTo": None},
        "conflicting": [], "issueId": None})
    nigeria = body(client.get(f"/api/rights/mandate?workId={usage.X}&territory=NG", headers=auth("viewer")))
    assert (nigeria["outcome"], nigeria["collector"]["societyCode"], nigeria["mandate"]["forParticipantId"],
            nigeria["mandate"]["feePercent"]) == ("reciprocal", "GHAMRO", usage.W, 20)
    mechanical = body(client.get(f"/api/rights/mandate?workId={usage.X}&territory=GH&rightType=mechanical",
                                 headers=auth("viewer")))
    assert (mechanical["outcome"], mechanical["collector"], mechanical["mandate"]) == ("suspense", None, None)


def test_batch_resolution_keeps_order_and_reports_conflicts_with_their_issue(client, auth, post_json, usage):
    assert post_json("/api/rights/collects", {"items": [
        collects(usage.A, usage.W, "admin"), collects(usage.L, usage.X, territories=["2AF"])]}).status_code == 201
    items = [{"workId": usage.X, "territory": t, "date": "2024-07-01"} for t in ("GH", "FR", "KE")]
    resp = post_json("/api/rights/mandate/resolve", {"items": items}, role="viewer")
    assert resp.status_code == 200, body(resp)
    results = body(resp)["items"]
    assert [(r["territory"], r["outcome"]) for r in results] == [("GH", "conflict"), ("FR", "direct"),
                                                                  ("KE", "conflict")]
    assert results[1]["collector"]["id"] == usage.A and results[1]["mandate"]["via"] == "participant"
    assert results[0]["issueId"] == results[2]["issueId"] and results[0]["issueId"].startswith("DQI-")
    assert results[0]["collector"] is None
    assert sorted(c["collector"]["id"] for c in results[0]["conflicting"]) == sorted([usage.A, usage.L])


def test_unknown_works_are_404_alone_and_422_per_item_in_a_batch(client, auth, post_json, usage):
    assert_error(client.get("/api/rights/mandate?workId=WRK-999999&territory=GH", headers=auth("viewer")), 404)
    resp = post_json("/api/rights/mandate/resolve", {"items": [
        {"workId": usage.X, "territory": "GH"}, {"workId": "WRK-999999", "territory": "GH"}]})
    data = assert_error(resp, 422)
    assert data["errors"]["json"]["items"] == {"1": {"workId": ["unknown work WRK-999999"]}}


def test_bad_queries_and_bodies_are_422_naming_every_field(client, auth, post_json, usage):
    data = assert_error(client.get("/api/rights/mandate?territory=EU&rightType=master&date=July",
                                   headers=auth("viewer")), 422)
    assert set(data["errors"]["query"]) == {"workId", "territory", "rightType", "date"}
    data = assert_error(post_json("/api/rights/mandate/resolve", {"items": []}), 422, field="items")

    resp = post_json("/api/rights/collects", {"items": [
        collects(usage.A, usage.X, territories=["XX"], validTo="2019-01-01", basis="sometimes"),
        collects("PART-999999", usage.X),
        collects(usage.A, usage.X, "reciprocal"),
        collects(usage.A, usage.X)]})
    items = assert_error(resp, 422)["errors"]["json"]["items"]
    assert set(items["0"]) == {"territories", "validTo", "basis"}
    assert set(items) == {"0"}  # field rules first; references are checked once the shapes are valid
    resp = post_json("/api/rights/collects", {"items": [
        collects("PART-999999", usage.X), collects(usage.A, usage.X, "reciprocal"), collects(usage.A, usage.X)]})
    items = assert_error(resp, 422)["errors"]["json"]["items"]
    assert items == {"0": {"collectorId": ["unknown participant or society 'PART-999999'"]},
                     "1": {"basis": [f"a reciprocal mandate is held by a society; {usage.A} is not one"]}}
    resolved = body(client.get(f"/api/rights/mandate?workId={usage.X}&territory=GH", headers=auth("viewer")))
    assert resolved["outcome"] == "suspense"  # nothing of the rejected batch was written


def test_roles(client, auth, post_json, usage):
    assert_error(post_json("/api/rights/collects", {"items": [collects(usage.A, usage.X)]}, role="viewer"), 403)
    assert_error(client.get(f"/api/rights/mandate?workId={usage.X}&territory=GH"), 401)
    assert client.get(f"/api/rights/mandate?workId={usage.X}&territory=GH", headers=auth("ops")).status_code == 200
