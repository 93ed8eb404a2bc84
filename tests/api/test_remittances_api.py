"""The remittances API on the real app and Neo4j: remit a closed cycle to a partner, the
status changes, the statement downloads, errors (404, 409, 422 naming fields) and the roles of
every endpoint (finance/admin write, staff read, participant and station tokens refused)."""
from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from app.services import cycles
from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, token
from tests.graph.remittance_helpers import closed_cycle, partner

FX = {"to": "USD", "rate": "0.0851", "source": "ECB reference rate", "date": "2025-04-02"}


@pytest.fixture
def tokens(client, auth):
    """Authorization headers by role: the staff roles, finance and a station."""
    create_user("finance-user", PASSWORD, "finance")
    create_user("station-user", PASSWORD, "station")
    heads = {role: auth(role) for role in ("admin", "ops", "viewer")}
    for role, user in (("finance", "finance-user"), ("station", "station-user")):
        heads[role] = bearer(token(client, user))
    return heads


def _remit_url(cycle_id: str, partner_id: str = "ASCAP") -> str:
    return f"/api/royalties/cycles/{cycle_id}/partners/{partner_id}/remit"


def test_roles_of_every_endpoint(client, tokens):
    # a participant token, even the partner society's own, may not see remittances
    create_user("ascap-user", PASSWORD, "participant", partner()["participantId"])
    tokens = {**tokens, "participant": bearer(token(client, "ascap-user"))}
    writes = [("post", _remit_url("CYC-999999"), {}),
              ("post", "/api/remittances/RMT-999999/status", {"status": "Sent"})]
    reads = ["/api/remittances", "/api/remittances/RMT-999999", "/api/remittances/RMT-999999/statement?format=pdf"]
    for method, url, payload in writes:
        for role in ("ops", "viewer", "participant", "station"):
            assert_error(getattr(client, method)(url, json=payload, headers=tokens[role]), 403)
        for role in ("admin", "finance"):  # allowed: the unknown id is then a 404
            assert_error(getattr(client, method)(url, json=payload, headers=tokens[role]), 404)
        assert client.post(url, json=payload).status_code == 401
    for url in reads:
        for role in ("participant", "station"):
            assert_error(client.get(url, headers=tokens[role]), 403)
        for role in ("admin", "finance", "ops", "viewer"):
            resp = client.get(url, headers=tokens[role])
            assert resp.status_code == (200 if url == "/api/remittances" else 404), (role, url)


def test_remit_send_settle_and_statements_over_http(client, tokens, tmp_path):
    flow = closed_cycle(tmp_path, requirements={"currency": "USD"})
    cycle_id, fin, viewer = flow.cycle["cycleId"], tokens["finance"], tokens["viewer"]
    missing = assert_error(client.post(_remit_url(cycle_id), json={}, headers=fin), 422, field="fx")
    assert "USD" in missing["errors"]["json"]["fx"][0]
    assert_error(client.post(_remit_url(cycle_id), json={"withholdingTaxPercent": 100.5, "fx": {"to": "XXQ"}},
                             headers=fin), 422, field="withholdingTaxPercent")

    resp = client.post(_remit_url(cycle_id, flow.partner["participantId"]),
                       json={"withholdingTaxPercent": 12.5, "fx": FX, "reference": "INV-2025-Q1"}, headers=fin)
    assert resp.status_code == 201, body(resp)
    rem = body(resp)
    assert (rem["gross"], rem["fee"], rem["net"], rem["withholding"], rem["payable"]) == (5, 0.75, 4.25, 0.53125,
                                                                                          3.71875)
    assert (rem["remitted"], rem["remittedCurrency"], rem["fx"]["rate"]) == (0.316466, "USD", "0.0851")
    assert (rem["status"], rem["cycleStatus"], rem["reference"]) == ("Pending", "Invoiced", "INV-2025-Q1")
    again = client.post(_remit_url(cycle_id), json={"fx": FX}, headers=tokens["admin"])
    assert again.status_code == 200 and body(again)["remittanceId"] == rem["remittanceId"]
    rid = rem["remittanceId"]

    listed = client.get(f"/api/remittances?cycleId={cycle_id}&partner=ascap&status=Pending", headers=viewer)
    assert listed.status_code == 200 and listed.headers["X-Total-Count"] == "1"
    assert [r["remittanceId"] for r in body(listed)] == [rid]
    assert client.get("/api/remittances?status=Settled", headers=viewer).headers["X-Total-Count"] == "0"
    assert body(client.get(f"/api/remittances/{rid}", headers=viewer))["partnerCode"] == "ASCAP"

    csv_resp = client.get(f"/api/remittances/{rid}/statement?format=csv", headers=viewer)
    assert csv_resp.status_code == 200 and csv_resp.mimetype == "text/csv"
    assert f'filename="remittance-{rid}-ASCAP-2025-Q1.csv"' in csv_resp.headers["Content-Disposition"]
    assert "Net payable,3.71875,GHS" in csv_resp.get_data(as_text=True)
    pdf_resp = client.get(f"/api/remittances/{rid}/statement?format=pdf", headers=tokens["ops"])
    assert pdf_resp.status_code == 200 and pdf_resp.mimetype == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_resp.data)).pages)
    assert "3.71875 GHS" in text and "0.316466 USD" in text
    assert_error(client.get(f"/api/remittances/{rid}/statement?format=xlsx", headers=viewer), 422,
                 field="format", location="query")

    status_url = f"/api/remittances/{rid}/status"
    assert_error(client.post(status_url, json={"status": "Settled"}, headers=fin), 409)
    assert_error(client.post(status_url, json={"status": "Failed"}, headers=fin), 422, field="reason")
    assert_error(client.post(status_url, json={"status": "Lost"}, headers=fin), 422, field="status")
    sent = client.post(status_url, json={"status": "Sent", "reference": "WIRE-77"}, headers=fin)
    assert sent.status_code == 200 and body(sent)["status"] == "Sent" and body(sent)["reference"] == "WIRE-77"
    refused = assert_error(client.post(status_url, json={"status": "Sent"}, headers=fin), 409)
    assert refused["errors"]["allowedTransitions"] == ["Settled", "Failed"]
    settled = body(client.post(status_url, json={"status": "Settled"}, headers=tokens["admin"]))
    assert settled["status"] == "Settled" and settled["cycleStatus"] == "Remitted"
    assert [h["action"] for h in settled["history"]] == ["remittance.create", "remittance.status", "remittance.status"]
    assert cycles.get_cycle(cycle_id)["status"] == "Remitted"


def test_open_cycle_is_409_and_unknown_partner_404(client, tokens):
    partner()
    cycle = cycles.create_cycle({"territory": "GH", "period": "2025-Q2"}, "test")
    assert "close it" in assert_error(client.post(_remit_url(cycle["cycleId"]), json={}, headers=tokens["finance"]),
                                      409)["message"]
    assert_error(client.post(_remit_url(cycle["cycleId"], "NOPE"), json={}, headers=tokens["finance"]), 404)
