"""The partners API (issue 7 items 1 and 7): partners, reciprocal agreements, their status and
mandates, and the role of every endpoint, on the real app and Neo4j."""
from __future__ import annotations

import pytest

from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, token

ASCAP = {"code": "ASCAP", "name": "ASCAP", "country": "US", "reportingStandard": "CWR",
         "defaultAdminFeePercent": 15, "contact": {"name": "Intl desk", "email": "intl@ascap.test"},
         "remittanceRequirements": {"currency": "USD", "withholdingTaxPercent": 7.5}}
AGREEMENT = {"territories": ["GH"], "validFrom": "2025-01-01", "reportingFrequency": "Quarterly",
             "adminFeePercent": 12.5, "notes": "signed 2024-12"}


@pytest.fixture
def headers(auth, client):
    """Headers per role: the staff roles, finance, and a station token (no participant id)."""
    create_user("finance-user", PASSWORD, "finance")
    create_user("station-user", PASSWORD, "station")
    extra = {"finance": bearer(token(client, "finance-user")), "station": bearer(token(client, "station-user"))}
    return lambda role: extra[role] if role in extra else auth(role)


@pytest.fixture
def ascap(client, headers):
    resp = client.post("/api/partners", json=ASCAP, headers=headers("admin"))
    assert resp.status_code == 201, body(resp)
    return body(resp)


def repertoire(graph, code: str, *titles: str) -> list[str]:
    """Works IN_REPERTOIRE_OF a society, as the repertoire import links them (ids WRK-9xxxxx)."""
    ids = [f"WRK-9{i:05d}" for i in range(len(titles))]
    graph.execute_query("MATCH (s:Society {code: $code}) UNWIND range(0, size($ids) - 1) AS i "
                        "CREATE (w:Work {workId: $ids[i], title: $titles[i]})-[:IN_REPERTOIRE_OF]->(s)",
                        code=code, ids=ids, titles=list(titles))
    return ids


def test_create_read_list_update_partner(client, headers, ascap):
    assert ascap["code"] == "ASCAP" and ascap["defaultAdminFeePercent"] == 15
    assert ascap["remittanceRequirements"] == {"currency": "USD", "withholdingTaxPercent": 7.5}
    assert ascap["currency"] == "USD" and ascap["agreements"] == 0 and ascap["active"] is True
    for ref in (ascap["participantId"], "ascap"):
        assert body(client.get(f"/api/partners/{ref}", headers=headers("viewer"))) == ascap
    second = client.post("/api/partners", json={**ASCAP, "code": "PRS", "country": "GB", "active": False},
                         headers=headers("admin"))
    assert second.status_code == 201
    page = client.get("/api/partners?page=1&pageSize=1", headers=headers("ops"))
    assert page.headers["X-Total-Count"] == "2" and [p["code"] for p in body(page)] == ["ASCAP"]
    inactive = client.get("/api/partners?active=false", headers=headers("finance"))
    assert [p["code"] for p in body(inactive)] == ["PRS"]
    patched = client.patch("/api/partners/ASCAP", json={"reportingStandard": "DDEX-DSR", "active": False},
                           headers=headers("admin"))
    assert patched.status_code == 200, body(patched)
    assert (body(patched)["reportingStandard"], body(patched)["active"]) == ("DDEX-DSR", False)


def test_partner_errors(client, headers, ascap):
    dup = assert_error(client.post("/api/partners", json={**ASCAP, "code": "ascap"}, headers=headers("admin")), 409)
    assert dup["errors"]["existingId"] == ascap["participantId"]
    bad = assert_error(client.post("/api/partners", json={**ASCAP, "code": "X1", "country": "USA",
                                                          "defaultAdminFeePercent": 101,
                                                          "contact": {"email": "nope"}}, headers=headers("admin")), 422)
    assert set(bad["errors"]["json"]) == {"country", "defaultAdminFeePercent", "contact"}
    assert_error(client.get("/api/partners/NOPE", headers=headers("viewer")), 404)
    assert_error(client.patch("/api/partners/NOPE", json={"name": "x"}, headers=headers("admin")), 404)
    assert_error(client.patch("/api/partners/ASCAP", json={"code": "BMI"}, headers=headers("admin")), 422, field="code")


def test_agreement_lifecycle_writes_mandates(client, headers, ascap, graph):
    works = repertoire(graph, "ASCAP", "Song A", "Song B")
    created = client.post("/api/partners/ASCAP/agreements", json=AGREEMENT, headers=headers("admin"))
    assert created.status_code == 201, body(created)
    agreement = body(created)
    assert (agreement["status"], agreement["partnerId"], agreement["effectiveAdminFeePercent"]) == \
        ("Draft", ascap["participantId"], 12.5)
    aid = agreement["agreementId"]
    url = f"/api/reciprocal-agreements/{aid}/status"
    active = client.post(url, json={"status": "Active"}, headers=headers("admin"))
    assert body(active)["mandates"] == {"active": 2, "suspended": 0, "superseded": 0}
    mandate = client.get(f"/api/rights/mandate?workId={works[0]}&territory=GH&rightType=performance&date=2025-05-01",
                         headers=headers("viewer"))
    assert (body(mandate)["outcome"], body(mandate)["collector"]["id"]) == ("reciprocal", ascap["participantId"])
    assert body(mandate)["mandate"]["feePercent"] == 12.5
    assert body(client.post(url, json={"status": "Suspended"}, headers=headers("admin")))["mandates"]["suspended"] == 2
    assert_error(client.post(url, json={"status": "Suspended"}, headers=headers("admin")), 409)
    ended = client.post(url, json={"status": "Terminated", "on": "2025-06-01"}, headers=headers("admin"))
    assert (body(ended)["status"], body(ended)["validTo"]) == ("Terminated", "2025-06-01")
    assert_error(client.post(url, json={"status": "Active"}, headers=headers("admin")), 409)
    listed = client.get("/api/partners/ASCAP/agreements?status=Terminated", headers=headers("viewer"))
    assert listed.headers["X-Total-Count"] == "1" and body(listed)[0]["agreementId"] == aid
    assert body(client.get(f"/api/reciprocal-agreements/{aid}", headers=headers("ops")))["notes"] == "signed 2024-12"


def test_agreement_errors(client, headers, ascap):
    first = body(client.post("/api/partners/ASCAP/agreements", json={**AGREEMENT, "status": "Active"},
                             headers=headers("admin")))
    overlap = client.post("/api/partners/ASCAP/agreements", json={**AGREEMENT, "territories": ["WORLD"],
                                                                  "status": "Active"}, headers=headers("admin"))
    assert assert_error(overlap, 409)["errors"]["existingId"] == first["agreementId"]
    bad = client.post("/api/partners/ASCAP/agreements",
                      json={**AGREEMENT, "territories": ["ZZ"], "validTo": "2024-06-01", "reportingFrequency": "weekly",
                            "rightTypes": ["master"], "adminFeePercent": 12.34567}, headers=headers("admin"))
    assert set(assert_error(bad, 422)["errors"]["json"]) == {"territories", "validTo", "reportingFrequency",
                                                            "rightTypes", "adminFeePercent"}
    assert_error(client.post("/api/partners/NOPE/agreements", json=AGREEMENT, headers=headers("admin")), 404)
    assert_error(client.get("/api/reciprocal-agreements/RCA-999999", headers=headers("viewer")), 404)
    assert_error(client.post("/api/reciprocal-agreements/RCA-999999/status", json={"status": "Active"},
                             headers=headers("admin")), 404)
    assert_error(client.post(f"/api/reciprocal-agreements/{first['agreementId']}/status", json={"status": "Open"},
                             headers=headers("admin")), 422, field="status")


WRITES = [("post", "/api/partners", ASCAP | {"code": "SACEM", "country": "FR"}),
          ("patch", "/api/partners/ASCAP", {"name": "ASCAP US"}),
          ("post", "/api/partners/ASCAP/agreements", AGREEMENT),
          ("post", "/api/reciprocal-agreements/{aid}/status", {"status": "Active"})]
READS = ["/api/partners", "/api/partners/ASCAP", "/api/partners/ASCAP/agreements", "/api/reciprocal-agreements/{aid}"]


def test_roles_of_every_endpoint(client, headers, ascap, artist):
    aid = body(client.post("/api/partners/ASCAP/agreements", json=AGREEMENT, headers=headers("admin")))["agreementId"]
    for method, url, payload in WRITES:
        for role in ("finance", "ops", "viewer", "station"):
            assert_error(getattr(client, method)(url.format(aid=aid), json=payload, headers=headers(role)), 403)
        assert_error(getattr(client, method)(url.format(aid=aid), json=payload, headers=artist.headers), 403)
        assert getattr(client, method)(url.format(aid=aid), json=payload).status_code == 401
        allowed = getattr(client, method)(url.format(aid=aid), json=payload, headers=headers("admin"))
        assert allowed.status_code in (200, 201), body(allowed)
    for url in READS:
        for role in ("admin", "finance", "ops", "viewer"):
            assert client.get(url.format(aid=aid), headers=headers(role)).status_code == 200
        assert_error(client.get(url.format(aid=aid), headers=headers("station")), 403)
        assert_error(client.get(url.format(aid=aid), headers=artist.headers), 403)
