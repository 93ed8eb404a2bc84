"""Statements read by a mapping template, end to end over HTTP: upload with ``templateId`` or
auto-detected, processing with the version registered, the list and events, bad uploads."""
from __future__ import annotations

import io

import pytest

from tests.api.helpers import assert_error, body
from tests.unit.test_statement_template import ACME, ACME_LINES

# USD, the wallet currency: no exchange rate needed.
ACME_USD = {**ACME, "constants": {"currency": "USD", "rightType": "master"}}
ACME_BYTES = ("\r\n".join(ACME_LINES) + "\r\n").encode("cp1252")


def send(client, auth, data: bytes, filename: str, role: str = "ops", **form):
    return client.post("/api/royalties/statements", data={"file": (io.BytesIO(data), filename), **form},
                       content_type="multipart/form-data", headers=auth(role))


@pytest.fixture
def template_id(post_json) -> str:
    resp = post_json("/api/royalties/templates", ACME_USD)
    assert resp.status_code == 201, body(resp)
    return body(resp)["templateId"]


def test_upload_with_a_template_then_process_list_and_events(client, auth, template_id):
    resp = send(client, auth, ACME_BYTES, "acme-2024-01.csv", templateId=template_id)
    statement = body(resp)
    assert resp.status_code == 201, statement
    assert (statement["source"], statement["templateId"], statement["templateVersion"], statement["sourceDetected"]) \
        == ("acme_music", template_id, 1, False)
    sid = statement["statementId"]
    # A new version of the template does not change how this statement is read.
    resp = client.put(f"/api/royalties/templates/{template_id}", headers=auth("ops"),
                      json={**ACME_USD, "constants": {"currency": "USD", "rightType": "neighbouring"}})
    assert body(resp)["version"] == 2
    processed = body(client.post(f"/api/royalties/statements/{sid}/process", headers=auth("ops")))
    assert (processed["status"], processed["linesRead"], processed["gross"]) == ("processed", 2, 1234.3178)
    events = body(client.get(f"/api/royalties/events?statementId={sid}", headers=auth("viewer")))
    assert [(e["line"], e["source"], e["rightType"], e["territory"], e["gross"], e["units"]) for e in events] == [
        (4, "spotify", "master", "DE", 1234.5678, 1200), (5, "itunes", "master", "AT", -0.25, 3)]
    assert [a["kind"] for e in events for a in e["allocations"]] == ["suspense", "suspense"]
    listed = client.get(f"/api/royalties/statements?templateId={template_id}", headers=auth("viewer"))
    assert listed.headers["X-Total-Count"] == "1"
    [item] = body(listed)
    assert (item["statementId"], item["templateVersion"], item["periods"]) == (sid, 1, ["2024-01"])
    got = body(client.get(f"/api/royalties/statements/{sid}", headers=auth("viewer")))
    assert (got["templateId"], got["templateVersion"]) == (template_id, 1)


def test_upload_without_a_source_finds_the_template(client, auth, template_id):
    resp = send(client, auth, ACME_BYTES, "acme.csv")
    statement = body(resp)
    assert resp.status_code == 201, statement
    assert (statement["templateId"], statement["source"], statement["sourceDetected"]) == (
        template_id, "acme_music", True)


def test_bad_template_uploads_are_422_naming_the_field(client, auth, template_id):
    errors = assert_error(send(client, auth, ACME_BYTES, "a.csv", templateId="TPL-999999"), 422)["errors"]
    assert errors["form"]["templateId"] == ["unknown template TPL-999999"]
    errors = assert_error(send(client, auth, ACME_BYTES, "a.csv", templateId=template_id, source="distrokid"),
                          422)["errors"]
    assert errors["form"]["templateId"] == ["give a source or a templateId, not both"]
    other = b"Title;Amount\r\nA song;1,00\r\n"
    errors = assert_error(send(client, auth, other, "other.csv", templateId=template_id), 422)["errors"]
    assert "not a 'Acme Music DE' statement" in errors["files"]["file"][0]
    assert errors["missingColumns"][:2] == ["ISRC", "Titel"], errors
    resp = client.get("/api/royalties/statements", headers=auth("viewer"))
    assert resp.headers["X-Total-Count"] == "0"  # nothing registered


def test_a_template_without_a_period_needs_one_at_upload(client, auth, post_json):
    resp = post_json("/api/royalties/templates", {
        "name": "Works", "source": "Small PRO", "columns": {"title": "Work", "gross": "Amount"},
        "constants": {"currency": "USD", "rightType": "performance", "usageType": "performance"}})
    template_id = body(resp)["templateId"]
    data = b"Work,Amount\r\nA Song,1.50\r\n"
    errors = assert_error(send(client, auth, data, "works.csv", templateId=template_id), 422)["errors"]
    assert "give period='YYYY-MM'" in errors["form"]["period"][0]
    resp = send(client, auth, data, "works.csv", templateId=template_id, period="2023-03")
    assert resp.status_code == 201, body(resp)
    sid = body(resp)["statementId"]
    assert body(client.post(f"/api/royalties/statements/{sid}/process", headers=auth("ops")))["status"] == "processed"
    [event] = body(client.get(f"/api/royalties/events?statementId={sid}", headers=auth("viewer")))
    assert (event["period"], event["rightType"], event["usageType"], event["gross"]) == (
        "2023-03", "performance", "performance", 1.5)


def test_an_xlsx_statement_is_recognised_by_its_worksheet_template_and_processed(client, auth, post_json, tmp_path):
    from tests.unit.test_statement_template import ACME_XLSX, write_xlsx
    import datetime
    resp = post_json("/api/royalties/templates", {**ACME_XLSX, "name": "Acme xlsx",
                                                  "constants": {"currency": "USD", "rightType": "master"}})
    assert resp.status_code == 201, body(resp)
    path = write_xlsx(tmp_path / "acme.xlsx", [
        ["Acme Music Abrechnung"], [],
        ["ISRC", "Titel", "Album", "Künstler", "Land", "Datum", "Menge", "Betrag", "Nutzung", "Shop", "Label"],
        ["DEA122400001", "Lied Eins", "Album A", "K", "DE", datetime.date(2024, 1, 15), 2, 1.5, "Streaming", "Spotify"],
        ["DEA122400002", "Lied Zwei", "Album A", "K", "DE", datetime.date(2024, 1, 16), 1, "zwei", "Download", "iTunes"],
    ])
    statement = body(send(client, auth, path.read_bytes(), "acme.xlsx"))
    assert (statement["templateId"], statement["source"], statement["sourceDetected"]) == (
        body(resp)["templateId"], "acme_music", True)
    done = body(client.post(f"/api/royalties/statements/{statement['statementId']}/process", headers=auth("ops")))
    assert (done["status"], done["linesRead"], done["linesRejected"], done["gross"]) == (
        "processed_with_errors", 2, 1, 1.5)
    issues = body(client.get(f"/api/royalties/statements/{statement['statementId']}/issues", headers=auth("viewer")))
    assert [(i["line"], i["field"]) for i in issues] == [(5, "Betrag")]
