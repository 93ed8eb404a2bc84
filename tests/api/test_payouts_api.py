"""Payouts and payout methods over HTTP on the real graph: status codes and bodies (201/200
idempotent, 409 with the available amount, 422 naming the fields, 409 illegal transitions
with the allowed ones, 404), roles (a participant its own only; finance approves), masked
methods, and a payout run's batch."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, token
from tests.graph.helpers import assert_ledger_consistent
from tests.graph.payout_helpers import fund

BANK = {"type": "bank_transfer", "institution": "Chase", "accountNumber": "0001 2345 6781 234"}


@pytest.fixture
def finance(client, graph):
    create_user("finance-user", PASSWORD, "finance")
    return bearer(token(client, "finance-user"))


@pytest.fixture
def funded(client, artist, finance):
    """The participant token's own participant with 100 USD and a default Chase method."""
    fund(artist.own, "100")
    resp = client.post(f"/api/participants/{artist.own}/payout-methods", json=BANK, headers=artist.headers)
    assert resp.status_code == 201, body(resp)
    return artist


def request(client, headers, pid, amount, key="k1", **extra):
    return client.post("/api/payouts", json={"participantId": pid, "amount": amount, "currency": "USD",
                                             "idempotencyKey": key, **extra}, headers=headers)


def wallet(client, headers, pid):
    resp = client.get(f"/api/wallets/{pid}", headers=headers)
    assert resp.status_code == 200, body(resp)
    return body(resp)


def test_payout_methods_are_masked_and_never_echo_the_number(client, artist, auth):
    resp = client.post(f"/api/participants/{artist.own}/payout-methods", json=BANK, headers=artist.headers)
    method = body(resp)
    assert resp.status_code == 201
    assert (method["label"], method["last4"], method["isDefault"]) == ("Chase ••••1234", "1234", True)
    assert "accountNumber" not in method and "000123456781234" not in resp.get_data(as_text=True)
    resp = client.post(f"/api/participants/{artist.own}/payout-methods",
                       json={"type": "paypal", "email": "ama@example.com", "isDefault": True}, headers=artist.headers)
    assert body(resp)["label"] == "PayPal a•••@example.com"
    listed = body(client.get(f"/api/participants/{artist.own}/payout-methods", headers=auth("viewer")))
    assert [(m["type"], m["isDefault"]) for m in listed] == [("paypal", True), ("bank_transfer", False)]
    hub = body(client.get(f"/api/money/hub/{artist.own}", headers=artist.headers))
    assert hub["wallet"]["defaultPayoutMethod"] == {"type": "paypal", "label": "PayPal a•••@example.com"}
    bad = client.post(f"/api/participants/{artist.own}/payout-methods",
                      json={"type": "mobile_money", "accountNumber": "12", "email": "x@example.com"},
                      headers=artist.headers)
    assert set(assert_error(bad, 422)["errors"]["json"]) == {"accountNumber", "email"}
    patched = client.patch(f"/api/participants/{artist.own}/payout-methods/{listed[1]['methodId']}",
                           json={"isDefault": True}, headers=artist.headers)
    assert body(patched)["isDefault"] is True
    assert_error(client.patch(f"/api/participants/{artist.own}/payout-methods/PM-999999", json={"isDefault": True},
                              headers=artist.headers), 404)
    assert_error(client.get(f"/api/participants/{artist.other}/payout-methods", headers=artist.headers), 403)
    assert_error(client.post(f"/api/participants/{artist.other}/payout-methods", json=BANK,
                             headers=artist.headers), 403)
    unknown = assert_error(client.get("/api/participants/PART-999999/payout-methods", headers=auth("admin")), 404)
    assert unknown["message"] == "unknown participant PART-999999"


def test_the_catalog_payout_method_gives_way_to_payout_methods(client, funded, auth):
    url = f"/api/participants/{funded.own}"
    before = body(client.get(url, headers=auth("viewer")))
    assert before["payoutMethod"] == {"type": "bank_transfer", "label": "Chase ••••1234"}  # the default method's

    moved = client.patch(url, json={"payoutMethod": {"type": "paypal", "label": "PayPal x"}}, headers=auth("admin"))

    assert "payout-methods" in assert_error(moved, 422, field="payoutMethod")["errors"]["json"]["payoutMethod"][0]
    assert body(client.get(url, headers=auth("viewer"))) == before
    renamed = client.patch(url, json={"name": "Renamed"}, headers=auth("admin"))  # the other fields still change
    assert (body(renamed)["name"], body(renamed)["payoutMethod"]) == ("Renamed", before["payoutMethod"])


def test_request_approve_process_pay_over_http(client, funded, finance, auth):
    resp = request(client, funded.headers, funded.own, 40.5)
    payout = body(resp)
    assert resp.status_code == 201
    assert (payout["status"], payout["amount"], payout["method"]["label"]) == ("requested", 40.5, "Chase ••••1234")
    assert type(payout["amount"]) is float  # a JSON number
    again = request(client, funded.headers, funded.own, 40.5)
    assert again.status_code == 200 and body(again)["payoutId"] == payout["payoutId"]
    w = wallet(client, funded.headers, funded.own)
    assert (w["available"], w["pending"], w["balance"]) == (59.5, 40.5, 100)

    url = f"/api/payouts/{payout['payoutId']}"
    assert_error(client.patch(url, json={"status": "approved"}, headers=funded.headers), 403)
    assert_error(client.patch(url, json={"status": "approved"}, headers=auth("ops")), 403)
    illegal = assert_error(client.patch(url, json={"status": "paid"}, headers=finance), 409)
    assert illegal["errors"] == {"status": "requested", "allowedTransitions": ["approved", "failed"]}
    assert body(client.patch(url, json={"status": "approved"}, headers=finance))["approvedBy"] == "finance-user"
    processing = body(client.patch(url, json={"status": "processing"}, headers=finance))
    assert processing["status"] == "processing" and processing["batchId"]
    batch = body(client.get(f"/api/payout-batches/{processing['batchId']}", headers=auth("viewer")))
    assert (batch["count"], batch["total"], batch["payoutIds"]) == (1, 40.5, [payout["payoutId"]])
    assert hashlib.sha256(Path(batch["location"]).read_bytes()).hexdigest() == batch["sha256"]
    assert_error(client.patch(url, json={"status": "failed"}, headers=finance), 422, field="reason")
    paid = body(client.patch(url, json={"status": "paid", "reference": "WIRE-1"}, headers=finance))
    assert (paid["status"], paid["providerReference"]) == ("paid", "WIRE-1")
    w = wallet(client, funded.headers, funded.own)
    assert (w["available"], w["pending"], w["balance"]) == (59.5, 0, 59.5)
    assert body(client.get(url, headers=funded.headers))["status"] == "paid"
    assert_ledger_consistent(None)


def test_above_available_is_409_with_the_available_amount(client, funded):
    error = assert_error(request(client, funded.headers, funded.own, 100.01), 409)
    assert error["errors"]["available"] == 100 and error["errors"]["currency"] == "USD"
    assert "100.01 USD is more than the available 100 USD" in error["message"]
    conflict = request(client, funded.headers, funded.own, 30, key="dup")
    assert conflict.status_code == 201
    other_amount = assert_error(request(client, funded.headers, funded.own, 31, key="dup"), 409)
    assert other_amount["errors"]["payoutId"] == body(conflict)["payoutId"]


def test_bad_requests_are_422_naming_every_field(client, funded, auth):
    error = assert_error(request(client, funded.headers, funded.own, 9.99, methodId="PM-999999"), 422)
    assert set(error["errors"]["json"]) == {"amount", "methodId"}
    assert_error(request(client, funded.headers, funded.own, 12.345), 422, field="amount")
    missing = assert_error(client.post("/api/payouts", json={"participantId": funded.own, "currency": "usx"},
                                       headers=funded.headers), 422)
    assert set(missing["errors"]["json"]) == {"amount", "currency", "idempotencyKey"}
    assert_error(request(client, auth("admin"), "PART-999999", 20), 404)


def test_roles_and_participant_scope(client, funded, finance, auth):
    assert_error(request(client, funded.headers, funded.other, 20), 403)
    assert_error(request(client, auth("viewer"), funded.own, 20), 403)
    own = body(request(client, funded.headers, funded.own, 20))
    fund(funded.other, "50")
    client.post(f"/api/participants/{funded.other}/payout-methods", json=BANK, headers=finance)
    theirs = body(request(client, finance, funded.other, 20, key="fin"))
    assert theirs["requestedBy"] == "finance-user"
    assert_error(client.get(f"/api/payouts/{theirs['payoutId']}", headers=funded.headers), 403)
    resp = client.get("/api/payouts", headers=funded.headers)
    assert [p["payoutId"] for p in body(resp)] == [own["payoutId"]] and resp.headers["X-Total-Count"] == "1"
    assert_error(client.get(f"/api/payouts?participantId={funded.other}", headers=funded.headers), 403)
    resp = client.get("/api/payouts?status=requested&pageSize=1", headers=auth("viewer"))
    assert resp.headers["X-Total-Count"] == "2" and len(body(resp)) == 1
    assert body(resp)[0]["payoutId"] == theirs["payoutId"]  # newest first
    unknown = assert_error(client.get("/api/payouts/PAY-999999", headers=auth("viewer")), 404)
    assert unknown["message"] == "unknown payout PAY-999999"
    assert_error(client.post("/api/payout-batches", json={}, headers=auth("ops")), 403)


def test_payout_run_and_schedule(client, funded, finance, auth):
    payout = body(request(client, funded.headers, funded.own, 25))
    client.patch(f"/api/payouts/{payout['payoutId']}", json={"status": "approved"}, headers=finance)
    resp = client.post("/api/payout-batches", json={"currency": "USD"}, headers=finance)
    [batch] = body(resp)
    assert resp.status_code == 201 and batch["payoutIds"] == [payout["payoutId"]] and batch["status"] == "submitted"
    assert body(client.post("/api/payout-batches", json={}, headers=finance)) == []
    failed = body(client.patch(f"/api/payouts/{payout['payoutId']}", json={"status": "failed", "reason": "bounced"},
                               headers=finance))
    assert failed["status"] == "failed"
    assert wallet(client, funded.headers, funded.own)["available"] == 100
    schedule = body(client.get("/api/payouts/schedule", headers=funded.headers))
    assert (schedule["dayOfMonth"], schedule["minimum"], schedule["provider"]) == (15, 10, "file")
    assert schedule["nextPayoutDate"].endswith("-15")
    assert_ledger_consistent(None)
