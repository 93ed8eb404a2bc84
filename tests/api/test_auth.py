"""Auth over HTTP: JSON 401s, role checks (403) and participant scoping."""
from __future__ import annotations

import pytest

from tests.api.helpers import PASSWORD, assert_error, body, participant_body

OWN_READS = ("/api/wallets/{}", "/api/money/hub/{}", "/api/participants/{}")


def test_token_carries_role_and_participant(client, staff_users, artist):
    resp = client.post("/api/auth/token", json={"username": "own-artist", "password": PASSWORD})
    data = body(resp)
    assert resp.status_code == 200
    assert (data["tokenType"], data["role"], data["participantId"]) == ("Bearer", "participant", artist.own)
    assert data["accessToken"].count(".") == 2
    assert "password" not in data


def test_wrong_password_is_a_json_401(client, staff_users):
    resp = client.post("/api/auth/token", json={"username": "admin-user", "password": "not-the-password"})
    data = assert_error(resp, 401)
    assert data["message"] == "wrong username or password"
    assert "accessToken" not in data


def test_unknown_user_is_a_json_401(client, staff_users):
    assert_error(client.post("/api/auth/token", json={"username": "nobody", "password": PASSWORD}), 401)


def test_token_request_without_password_is_422_naming_it(client, staff_users):
    assert_error(client.post("/api/auth/token", json={"username": "admin-user"}), 422, field="password")


@pytest.mark.parametrize("url", ["/api/participants", "/api/participants/PART-000001",
                                 "/api/wallets/PART-000001", "/api/money/hub/PART-000001"])
def test_no_token_is_a_json_401(client, url):
    data = assert_error(client.get(url), 401)
    assert data["status"] == "Unauthorized"
    assert "missing bearer token" in data["message"]


def test_garbage_token_is_a_json_401(client):
    data = assert_error(client.get("/api/participants", headers={"Authorization": "Bearer not.a.jwt"}), 401)
    assert "invalid token" in data["message"]


@pytest.mark.parametrize("template", OWN_READS)
def test_participant_token_cannot_read_another_participant(client, artist, template):
    data = assert_error(client.get(template.format(artist.other), headers=artist.headers), 403)
    assert data["message"] == "a participant token may only read its own participant's data"


@pytest.mark.parametrize("template", OWN_READS)
def test_participant_token_reads_its_own(client, artist, template):
    resp = client.get(template.format(artist.own), headers=artist.headers)
    assert resp.status_code == 200, body(resp)
    assert body(resp)["participantId"] == artist.own


def test_participant_token_cannot_list_participants(client, artist):
    assert_error(client.get("/api/participants", headers=artist.headers), 403)


def test_viewer_cannot_create_a_participant(client, auth, graph):
    resp = client.post("/api/participants", json=participant_body("Nope"), headers=auth("viewer"))
    data = assert_error(resp, 403)
    assert "viewer" in data["message"]
    records, _, _ = graph.execute_query("MATCH (p:Participant) RETURN count(p) AS n")
    assert records[0]["n"] == 0


def test_viewer_reads_participants(client, auth, make_participant):
    pid = make_participant("Readable")["participantId"]
    resp = client.get(f"/api/participants/{pid}", headers=auth("viewer"))
    assert resp.status_code == 200
    assert body(resp)["name"] == "Readable"


@pytest.mark.parametrize("template", OWN_READS)
def test_unknown_participant_is_a_json_404(client, auth, template):
    data = assert_error(client.get(template.format("PART-999999"), headers=auth("viewer")), 404)
    assert "PART-999999" in data["message"]
