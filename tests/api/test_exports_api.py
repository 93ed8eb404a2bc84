"""The exports API on the real app and Neo4j: roles on every endpoint, 404/409/422, and the
downloaded file's sha256 equal to the stored one (and to the X-Content-SHA256 header)."""
from __future__ import annotations

import hashlib

import pytest

from app.services import cycles
from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, token
from tests.graph.remittance_helpers import closed_cycle


@pytest.fixture
def world(client, staff_users, tmp_path, monkeypatch):
    """A closed GH 2025-Q1 cycle with ASCAP line items; tokens of every role by name."""
    monkeypatch.setenv("RIGHTSGRAPH_EXPORT_DIR", str(tmp_path / "exports"))
    flow = closed_cycle(tmp_path)
    create_user("finance-user", PASSWORD, "finance")
    create_user("station-user", PASSWORD, "station")
    create_user("partner-user", PASSWORD, "participant", flow.partner["participantId"])
    users = {**staff_users, "finance": "finance-user", "station": "station-user", "participant": "partner-user"}
    flow.h = {role: bearer(token(client, name)) for role, name in users.items()}
    flow.url = f"/api/royalties/cycles/{flow.cycle['cycleId']}/partners/ASCAP/export"
    return flow


def test_export_roles_download_and_sha256(client, world):
    for role in ("ops", "viewer", "participant", "station"):
        assert_error(client.post(f"{world.url}?format=csv", headers=world.h[role]), 403)
    made = {}
    for role, fmt in (("finance", "csv"), ("admin", "ddex-dsr")):
        resp = client.post(f"{world.url}?format={fmt}", headers=world.h[role])
        assert resp.status_code == 201, body(resp)
        made[fmt] = body(resp)
    csv_export = made["csv"]
    assert (csv_export["format"], csv_export["partnerCode"], csv_export["rows"]) == ("csv", "ASCAP", 4)
    for role in ("admin", "finance", "ops", "viewer"):
        got = client.get(f"/api/exports/{csv_export['exportId']}", headers=world.h[role])
        assert got.status_code == 200 and body(got) == csv_export
        file = client.get(csv_export["downloadUrl"], headers=world.h[role])
        assert file.status_code == 200
        assert hashlib.sha256(file.data).hexdigest() == csv_export["sha256"] == file.headers["X-Content-SHA256"]
        assert file.mimetype == "text/csv"
        assert csv_export["filename"] in file.headers["Content-Disposition"]
    dsr = client.get(made["ddex-dsr"]["downloadUrl"], headers=world.h["viewer"])
    assert dsr.mimetype == "text/tab-separated-values" and dsr.data.startswith(b"HEAD\tdsrf/30\tRadioBroadcastProfile")
    assert hashlib.sha256(dsr.data).hexdigest() == made["ddex-dsr"]["sha256"]
    for role in ("participant", "station"):
        assert_error(client.get(f"/api/exports/{csv_export['exportId']}", headers=world.h[role]), 403)
        assert_error(client.get(csv_export["downloadUrl"], headers=world.h[role]), 403)
    assert_error(client.get(csv_export["downloadUrl"]), 401)


def test_export_errors(client, world):
    finance = world.h["finance"]
    assert_error(client.post(f"{world.url}?format=xml", headers=finance), 422, field="format", location="query")
    assert_error(client.post(world.url, headers=finance), 422, field="format", location="query")
    assert_error(client.post("/api/royalties/cycles/CYC-999999/partners/ASCAP/export?format=csv", headers=finance), 404)
    assert_error(client.post(world.url.replace("ASCAP", "NOPE") + "?format=csv", headers=finance), 404)
    open_cycle = cycles.create_cycle({"territory": "GH", "period": "2025-Q2"}, "test")
    assert_error(client.post(f"/api/royalties/cycles/{open_cycle['cycleId']}/partners/ASCAP/export?format=csv",
                             headers=finance), 409)
    assert_error(client.get("/api/exports/EXP-999999", headers=finance), 404)
    assert_error(client.get("/api/exports/EXP-999999/file", headers=finance), 404)
