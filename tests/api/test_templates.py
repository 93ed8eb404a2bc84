"""Mapping templates and layout detection over HTTP: create, read, list, versions, 403/404/409/422."""
from __future__ import annotations

import io

import pytest

from tests.api.helpers import assert_error, body
from tests.fixtures_paths import REAL
from tests.unit.test_statement_template import ACME, ACME_LINES, TUNECORE_TEMPLATE

ACME_BYTES = ("\r\n".join(ACME_LINES) + "\r\n").encode("utf-8")


@pytest.fixture
def create_template(post_json):
    def create(document: dict, role: str = "ops") -> dict:
        resp = post_json("/api/royalties/templates", document, role)
        assert resp.status_code == 201, body(resp)
        return body(resp)
    return create


def detect(client, auth, data: bytes, filename: str, role: str = "ops"):
    return client.post("/api/royalties/statements/detect", data={"file": (io.BytesIO(data), filename)},
                       content_type="multipart/form-data", headers=auth(role))


def test_create_then_read_and_list(client, auth, create_template):
    created = create_template({**ACME, "constants": {**ACME["constants"], "units": 1}})
    assert (created["templateId"], created["version"], created["source"]) == ("TPL-000001", 1, "acme_music")
    assert created["spec"]["constants"] == {"currency": "EUR", "rightType": "master", "units": "1"}
    assert created["createdBy"] == "ops-user" and [v["version"] for v in created["versions"]] == [1]
    resp = client.get("/api/royalties/templates/TPL-000001", headers=auth("viewer"))
    assert resp.status_code == 200 and body(resp) == {**created}
    create_template(TUNECORE_TEMPLATE)
    resp = client.get("/api/royalties/templates?pageSize=1&page=2", headers=auth("viewer"))
    assert resp.status_code == 200 and resp.headers["X-Total-Count"] == "2"
    [item] = body(resp)
    assert (item["templateId"], item["name"], item["version"]) == ("TPL-000002", "TuneCore by template", 1)
    resp = client.get("/api/royalties/templates?source=acme_music", headers=auth("viewer"))
    assert resp.headers["X-Total-Count"] == "1" and body(resp)[0]["templateId"] == "TPL-000001"


def test_a_bad_template_is_a_422_naming_every_field(post_json, client, auth):
    resp = post_json("/api/royalties/templates", {
        "name": "Broken", "source": "X", "columns": {"title": "T", "tempo": "BPM"},
        "constants": {"territory": "Atlantis"}, "decimalSeparator": ";", "colour": "red"})
    errors = assert_error(resp, 422)["errors"]["json"]
    assert set(errors) == {"columns", "constants", "decimalSeparator", "colour"}
    assert set(errors["columns"]) == {"tempo", "gross", "currency"}
    assert "Atlantis" in errors["constants"]["territory"][0]
    resp = client.get("/api/royalties/templates", headers=auth("viewer"))
    assert resp.headers["X-Total-Count"] == "0"


def test_same_name_is_a_409_and_put_makes_versions(client, auth, post_json, create_template):
    template_id = create_template(ACME)["templateId"]
    resp = post_json("/api/royalties/templates", {**ACME, "name": "acme music de"})
    error = assert_error(resp, 409, field="name")
    assert error["message"] == f"a template named 'acme music de' exists: {template_id}"
    url = f"/api/royalties/templates/{template_id}"
    resp = client.put(url, json=ACME, headers=auth("ops"))
    assert resp.status_code == 200 and (body(resp)["changed"], body(resp)["version"]) == (False, 1)
    resp = client.put(url, json={**ACME, "decimalSeparator": ".", "thousandsSeparator": ","}, headers=auth("ops"))
    revised = body(resp)
    assert resp.status_code == 200 and (revised["changed"], revised["version"]) == (True, 2)
    assert [v["version"] for v in revised["versions"]] == [1, 2]
    old = body(client.get(f"{url}?version=1", headers=auth("viewer")))
    assert (old["version"], old["spec"]["decimalSeparator"]) == (1, ",")
    assert_error(client.get(f"{url}?version=3", headers=auth("viewer")), 404)
    assert_error(client.put(url, json={**ACME, "columns": {}}, headers=auth("ops")), 422)
    assert_error(client.put("/api/royalties/templates/TPL-999999", json=ACME, headers=auth("ops")), 404)
    assert_error(client.get("/api/royalties/templates/TPL-999999", headers=auth("viewer")), 404)


def test_roles(client, auth, post_json, artist):
    assert_error(post_json("/api/royalties/templates", ACME, role="viewer"), 403)
    assert_error(client.get("/api/royalties/templates", headers=artist.headers), 403)
    assert_error(detect(client, auth, ACME_BYTES, "acme.csv", role="viewer"), 403)
    assert_error(client.get("/api/royalties/templates"), 401)


def test_detect_reports_the_adapter_or_the_template_and_the_header(client, auth, create_template):
    resp = detect(client, auth, (REAL / "statements" / "DistroKid_Test.tsv").read_bytes(), "dk.tsv")
    found = body(resp)
    assert resp.status_code == 200
    assert (found["source"], found["templateId"], found["confidence"]) == ("distrokid", None, 1.0)
    assert found["headerColumns"][:2] == ["Reporting Date", "Sale Month"]
    unknown = body(detect(client, auth, ACME_BYTES, "acme.csv"))
    assert unknown == {"source": None, "templateId": None, "version": None, "name": None, "confidence": 0.0,
                       "headerColumns": ["Acme Music Abrechnung", "", "", "", "", "", "", "", ""]}
    template_id = create_template(ACME)["templateId"]
    found = body(detect(client, auth, ACME_BYTES, "acme.csv"))
    assert (found["source"], found["templateId"], found["version"], found["name"]) == (
        "acme_music", template_id, 1, "Acme Music DE")
    assert found["confidence"] == pytest.approx(10 / 11, abs=1e-4)
    assert found["headerColumns"][0] == "ISRC" and len(found["headerColumns"]) == 11
    assert_error(client.post("/api/royalties/statements/detect", data={}, content_type="multipart/form-data",
                             headers=auth("ops")), 422, field="file", location="files")
