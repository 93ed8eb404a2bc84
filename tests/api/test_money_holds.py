"""Disputes and advances over HTTP: ``/api/money/disputes/{participantId}``,
``/api/money/advances/{participantId}``, ``/api/advances/offers``, ``POST /api/advances``,
``GET /api/advances/{id}`` — payloads key by key against their documented examples, amounts as
JSON numbers, exact values, and the access rules (a participant reads only its own; finance and
admin accept offers; 404/409/422)."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from app.api.advance_schemas import (ADVANCE_EXAMPLE, MONEY_ADVANCES_EXAMPLE, MONEY_DISPUTES_EXAMPLE,
                                     OFFERS_EXAMPLE)
from app.services import advance_offers
from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, key_shape, leaves, token
from tests.graph.helpers import load, participant, participant_ids, recording

ISRC = "GHA0C2400031"
AMOUNTS = {"amount", "recoupPercentOfNetRoyalties", "recoupedAmount", "remainingToRecoup", "advanced", "recouped",
           "frozenAmount", "releasedAmount", "frozenTotal"}


def assert_numbers(payload) -> None:
    for path, value in leaves(payload):
        if path.rsplit(".", 1)[-1] in AMOUNTS:
            assert type(value) in (int, float), (path, value)


@pytest.fixture
def money(graph, tmp_path, client, auth):
    """a owns r1 (master 100 %) and earned 100.00 in each of the 12 months before this one (→
    offers of 532 at 50 % and 100 %); b owns nothing. Tokens: ``a_headers`` (participant a),
    ``b_headers`` (participant b), ``finance``."""
    today = dt.date.today()
    load(tmp_path, [{"ISRC": ISRC, "Sale Month": advance_offers.month(today, -k), "Earnings (USD)": "100"}
                    for k in range(1, 13)],
         participants=[participant("a", name="Artist A"), participant("b", name="Claimant B")],
         recordings=[recording("r1", ISRC, title="Block Talk")],
         ownership=[{"participantRef": "a", "assetRef": "r1", "rightType": "master", "share": "100"}])
    ids = participant_ids(graph)
    create_user("user-a", PASSWORD, "participant", ids["a"])
    create_user("user-b", PASSWORD, "participant", ids["b"])
    create_user("finance-user", PASSWORD, "finance")
    r1 = graph.execute_query("MATCH (r:Recording) RETURN r.recordingId AS id")[0][0]["id"]
    return SimpleNamespace(a=ids["a"], b=ids["b"], r1=r1, a_headers=bearer(token(client, "user-a")),
                           b_headers=bearer(token(client, "user-b")), finance=bearer(token(client, "finance-user")),
                           viewer=auth("viewer"), ops=auth("ops"), admin=auth("admin"))


def get(client, url: str, headers: dict, status: int = 200):
    resp = client.get(url, headers=headers)
    assert resp.status_code == status, body(resp)
    return body(resp)


def test_money_disputes_payload(client, money):
    resp = client.post("/api/disputes", json={"assetId": money.r1, "rightType": "master", "reason": "I produced it",
                                              "raisedBy": money.b, "involves": [money.a]}, headers=money.admin)
    assert resp.status_code == 201, body(resp)
    dispute_id = body(resp)["disputeId"]

    mine = get(client, f"/api/money/disputes/{money.a}", money.a_headers)
    assert key_shape(mine) == key_shape(MONEY_DISPUTES_EXAMPLE)
    assert_numbers(mine)
    [d] = mine["disputes"]
    assert d["disputeId"] == dispute_id
    assert d["asset"] == {"type": "recording", "id": money.r1, "title": "Block Talk"}
    assert (d["status"], d["role"], d["rightType"], d["reason"]) == ("open", "involved", "master", "I produced it")
    assert d["counterparties"] == [{"participantId": money.b, "name": "Claimant B", "role": "raiser"}]
    assert (d["frozenAmount"], d["releasedAmount"], d["closedAt"]) == (1200, 0, None)  # 12 × 100 moved to frozen
    assert dt.datetime.fromisoformat(d["openedAt"]) <= dt.datetime.fromisoformat(d["updatedAt"])
    assert mine["totals"] == {"frozenTotal": 1200, "active": 1, "total": 1}
    wallet = get(client, f"/api/wallets/{money.a}", money.a_headers)
    assert (wallet["frozen"], wallet["available"]) == (1200, 0)

    theirs = get(client, f"/api/money/disputes/{money.b}", money.viewer)
    assert (theirs["disputes"][0]["role"], theirs["disputes"][0]["frozenAmount"]) == ("raiser", 0)
    assert theirs["disputes"][0]["counterparties"] == [{"participantId": money.a, "name": "Artist A",
                                                        "role": "involved"}]

    resp = client.patch(f"/api/disputes/{dispute_id}", json={"status": "rejected", "note": "no proof"},
                        headers=money.admin)
    assert resp.status_code == 200, body(resp)
    closed = get(client, f"/api/money/disputes/{money.a}", money.viewer)
    assert (closed["disputes"][0]["status"], closed["disputes"][0]["frozenAmount"],
            closed["disputes"][0]["releasedAmount"]) == ("rejected", 0, 1200)
    assert closed["totals"] == {"frozenTotal": 0, "active": 0, "total": 1}
    assert get(client, f"/api/wallets/{money.a}", money.a_headers)["available"] == 1200


def test_money_disputes_empty_access_and_unknown(client, money):
    empty = get(client, f"/api/money/disputes/{money.a}", money.a_headers)
    assert empty == {"participantId": money.a, "currency": "USD", "disputes": [],
                     "totals": {"frozenTotal": 0, "active": 0, "total": 0}}
    assert_error(client.get(f"/api/money/disputes/{money.b}", headers=money.a_headers), 403)
    assert_error(client.get("/api/money/disputes/PART-999999", headers=money.viewer), 404)
    assert_error(client.get(f"/api/money/disputes/{money.a}"), 401)
    # a dispute on an unknown entity → 404 naming it (issue 5), by path or by the body's assetId
    assert_error(client.patch("/api/disputes/DSP-999999", json={"status": "resolved"}, headers=money.admin), 404)
    assert_error(client.post("/api/disputes", json={"assetId": "REC-999999", "reason": "x", "raisedBy": money.b},
                             headers=money.admin), 404, field="assetId")


def test_offers_accept_and_advance(client, money):
    offers = get(client, f"/api/advances/offers?participantId={money.a}", money.a_headers)
    assert key_shape(offers) == key_shape(OFFERS_EXAMPLE)
    assert_numbers(offers)
    assert [(o["amount"], o["recoupPercentOfNetRoyalties"], o["estimatedPayoffMonths"], o["currency"], o["status"])
            for o in offers["offers"]] == [(532, 50, 12, "USD", "open"), (532, 100, 6, "USD", "open")]
    half, full = (o["offerId"] for o in offers["offers"])

    resp = client.post("/api/advances", json={"offerId": half}, headers=money.finance)
    assert resp.status_code == 201, body(resp)
    advance = body(resp)
    assert key_shape(advance) == key_shape(ADVANCE_EXAMPLE)
    assert_numbers(advance)
    assert (advance["amount"], advance["recoupedAmount"], advance["remainingToRecoup"], advance["status"],
            advance["participantId"], advance["buckets"]) == (532, 0, 532, "active", money.a, ["master", "publishing"])
    assert dt.date.fromisoformat(advance["estimatedPayoffDate"]) > dt.date.today()
    assert get(client, f"/api/wallets/{money.a}", money.a_headers)["available"] == 1200 + 532

    conflict = assert_error(client.post("/api/advances", json={"offerId": half}, headers=money.finance), 409)
    assert conflict["errors"] == {"reason": "accepted", "advanceId": advance["advanceId"]}
    assert assert_error(client.post("/api/advances", json={"offerId": full}, headers=money.admin),
                        409)["errors"]["reason"] == "superseded"
    assert get(client, f"/api/advances/{advance['advanceId']}", money.a_headers) == advance
    assert_error(client.get(f"/api/advances/{advance['advanceId']}", headers=money.b_headers), 403)
    assert_error(client.get("/api/advances/ADV-999999", headers=money.viewer), 404)

    view = get(client, f"/api/money/advances/{money.a}", money.a_headers)
    assert set(view) == set(MONEY_ADVANCES_EXAMPLE)
    assert key_shape(view["active"]) == key_shape(MONEY_ADVANCES_EXAMPLE["active"])
    assert (view["offers"], view["history"], view["active"]) == ([], [], [advance])
    assert view["totals"] == {"advanced": 532, "recouped": 0, "remainingToRecoup": 532}


def test_accept_access_and_bad_input(client, money):
    offer = get(client, f"/api/advances/offers?participantId={money.a}", money.viewer)["offers"][0]["offerId"]
    for headers in (money.viewer, money.ops):  # money actions: finance and admin, or the participant itself
        assert_error(client.post("/api/advances", json={"offerId": offer}, headers=headers), 403)
    assert_error(client.post("/api/advances", json={"offerId": offer}, headers=money.b_headers), 403)
    assert_error(client.post("/api/advances", json={}, headers=money.finance), 422, field="offerId")
    assert_error(client.post("/api/advances", json={"offerId": "OFR-999999"}, headers=money.finance), 404)
    assert_error(client.get(f"/api/advances/offers?participantId={money.a}", headers=money.b_headers), 403)
    assert_error(client.get("/api/advances/offers", headers=money.viewer), 422, field="participantId",
                 location="query")
    assert_error(client.get("/api/advances/offers?participantId=PART-999999", headers=money.viewer), 404)
    assert_error(client.get(f"/api/money/advances/{money.a}", headers=money.b_headers), 403)
    assert_error(client.get("/api/money/advances/PART-999999", headers=money.viewer), 404)
    # the participant accepts its own offer
    resp = client.post("/api/advances", json={"offerId": offer}, headers=money.a_headers)
    assert resp.status_code == 201, body(resp)


def test_money_advances_with_no_income(client, money):
    view = get(client, f"/api/money/advances/{money.b}", money.b_headers)
    assert view == {"participantId": money.b, "currency": "USD", "offers": [], "active": [], "history": [],
                    "totals": {"advanced": 0, "recouped": 0, "remainingToRecoup": 0}}
