"""The royalty cycles API over HTTP on the real Neo4j (issue 7 item 4): roles on every
endpoint, 404/409/422, a close with exact line items, pagination and filters."""
from __future__ import annotations

import pytest

from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, token
from tests.graph.cycle_helpers import GOLDEN, MIDNIGHT, ascap, plays, radio

URL = "/api/royalties/cycles"


@pytest.fixture
def others(client, graph, make_participant):
    """Finance and participant tokens (neither may create or close a cycle)."""
    create_user("finance-user", PASSWORD, "finance")
    pid = make_participant("Some Artist")["participantId"]
    create_user("artist-user", PASSWORD, "participant", pid)
    return {"finance": bearer(token(client, "finance-user")), "participant": bearer(token(client, "artist-user"))}


def test_roles_on_every_endpoint(client, auth, others):
    new = {"territory": "GH", "period": "2025-Q1", "currency": "GHS"}
    for who in ("viewer",):
        assert_error(client.post(URL, json=new, headers=auth(who)), 403)
    for headers in others.values():
        assert_error(client.post(URL, json=new, headers=headers), 403)
    resp = client.post(URL, json=new, headers=auth("ops"))
    assert resp.status_code == 201, body(resp)
    cycle_id = body(resp)["cycleId"]
    for url in (URL, f"{URL}/{cycle_id}", f"{URL}/{cycle_id}/line-items"):
        for role in ("admin", "ops", "viewer"):
            assert client.get(url, headers=auth(role)).status_code == 200, (url, role)
        assert client.get(url, headers=others["finance"]).status_code == 200
        assert_error(client.get(url, headers=others["participant"]), 403)
        assert_error(client.get(url), 401)
    for headers in (auth("viewer"), others["finance"], others["participant"]):
        assert_error(client.post(f"{URL}/{cycle_id}/close", headers=headers), 403)
    resp = client.post(f"{URL}/{cycle_id}/close", headers=auth("admin"))
    assert resp.status_code == 200 and body(resp)["status"] == "Locked"


def test_errors(client, auth):
    assert_error(client.post(URL, json={"period": "2025-Q1"}, headers=auth("ops")), 422, field="territory")
    assert_error(client.post(URL, json={"territory": "GH", "period": "2025-Q1", "adminFeePercent": 101},
                             headers=auth("ops")), 422, field="adminFeePercent")
    data = assert_error(client.post(URL, json={"territory": "ZZ", "period": "2025-Q9"}, headers=auth("ops")), 422)
    assert set(data["errors"]["json"]) == {"territory", "period"}
    assert_error(client.post(URL, json={"territory": "GH"}, headers=auth("ops")), 422, field="period")
    created = client.post(URL, json={"territory": "GH", "period": "2025-Q1"}, headers=auth("ops"))
    assert created.status_code == 201
    assert_error(client.post(URL, json={"territory": "GH", "period": "2025-03"}, headers=auth("ops")), 409)
    assert_error(client.get(f"{URL}/CYC-999999", headers=auth("viewer")), 404)
    assert_error(client.post(f"{URL}/CYC-999999/close", headers=auth("ops")), 404)
    assert_error(client.get(f"{URL}/CYC-999999/line-items", headers=auth("viewer")), 404)
    cycle_id = body(created)["cycleId"]
    assert_error(client.get(f"{URL}/{cycle_id}/line-items?partner=NOPE", headers=auth("viewer")), 422, field="partner")
    assert_error(client.get(f"{URL}?status=Closed", headers=auth("viewer")), 422, field="status", location="query")


def test_close_and_line_items(client, auth, graph, tmp_path):
    ids = ascap()
    joy = radio()
    plays(tmp_path / "q1.csv", joy["stationId"], [
        ("2025-02-10T06:00:00Z", MIDNIGHT), ("2025-02-11T06:00:00Z", MIDNIGHT), ("2025-03-01T06:00:00Z", MIDNIGHT),
        ("2025-03-02T06:00:00Z", GOLDEN)])
    cycle = body(client.post(URL, json={"territory": "GH", "period": "2025-Q1"}, headers=auth("ops")))
    closed = body(client.post(f"{URL}/{cycle['cycleId']}/close", headers=auth("ops")))
    assert (closed["status"], closed["lineItems"]) == ("Locked", 2)
    assert closed["totals"]["partners"] == [{"partnerCode": "ASCAP", "usageCount": 4, "lineItems": 2,
                                             "gross": 0.666664, "fee": 0.1, "net": 0.566664,
                                             "entryId": closed["totals"]["partners"][0]["entryId"]}]
    again = client.post(f"{URL}/{cycle['cycleId']}/close", headers=auth("ops"))
    assert again.status_code == 200 and body(again) == closed

    resp = client.get(f"{URL}/{cycle['cycleId']}/line-items?pageSize=1&partner={ids.partner}", headers=auth("viewer"))
    assert resp.status_code == 200 and resp.headers["X-Total-Count"] == "2"
    first = body(resp)[0]
    second = body(client.get(f"{URL}/{cycle['cycleId']}/line-items?pageSize=1&page=2&partner=ascap",
                             headers=auth("viewer")))[0]
    by_isrc = {item["isrc"]: item for item in (first, second)}
    assert (by_isrc[MIDNIGHT]["usageCount"], by_isrc[MIDNIGHT]["gross"], by_isrc[MIDNIGHT]["fee"],
            by_isrc[MIDNIGHT]["net"], by_isrc[MIDNIGHT]["adminFeePercent"]) == (3, 0.499998, 0.075, 0.424998, 15)
    work = by_isrc[GOLDEN]["workId"]
    resp = client.get(f"{URL}/{cycle['cycleId']}/line-items?workId={work}", headers=auth("viewer"))
    assert resp.headers["X-Total-Count"] == "1" and body(resp)[0]["net"] == 0.141666

    listed = client.get(f"{URL}?status=Locked&territory=GH", headers=auth("viewer"))
    assert listed.headers["X-Total-Count"] == "1" and body(listed)[0]["cycleId"] == cycle["cycleId"]
    assert client.get(f"{URL}?status=Open", headers=auth("viewer")).headers["X-Total-Count"] == "0"
    pool = body(client.get("/api/pool?currency=GHS", headers=auth("viewer")))
    assert pool["balanced"] is True and pool["reciprocal"]["partnerPayables"] == 0.566664
