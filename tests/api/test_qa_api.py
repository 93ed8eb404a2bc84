"""The attribution QA API over HTTP on the real Neo4j (issue 7 item 3): the QA queue with its
filters, the manual link to a work or a recording, unmatched usage, and the roles of each."""
from __future__ import annotations

import pytest

from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, token
from tests.graph.test_external_attribution import ISWC_HIGHWAY, scene  # noqa: F401 (the fixture)


@pytest.fixture
def h(client, auth, scene):  # noqa: F811
    """Headers by role: the staff roles, a participant (Ama) and a station user."""
    create_user("ama-user", PASSWORD, "participant", scene["ids"].ama)
    create_user("station-user", PASSWORD, "station")
    create_user("finance-user", PASSWORD, "finance")
    return {**{role: auth(role) for role in ("admin", "ops", "viewer")}, "finance": bearer(token(client, "finance-user")),
            "participant": bearer(token(client, "ama-user")), "station": bearer(token(client, "station-user"))}


def test_qa_queue_filters_roles_and_pagination(client, h, scene):  # noqa: F811
    for role in ("admin", "finance", "ops", "viewer"):
        resp = client.get("/api/qa/attributions", headers=h[role])
        assert resp.status_code == 200, body(resp)
    assert resp.headers["X-Total-Count"] == "1"
    item = body(resp)[0]
    assert {k: item[k] for k in ("playId", "method", "confidence", "originPartner", "candidateWorkId",
                                 "candidateIswc", "title", "artist")} == {
        "playId": scene["plays"][7], "method": "external_review", "confidence": 0.8444, "originPartner": "ASCAP",
        "candidateWorkId": "WRK-900002", "candidateIswc": ISWC_HIGHWAY, "title": "Lonely Highway Blues",
        "artist": "John Writer"}
    by_code = client.get("/api/qa/attributions?partner=ASCAP&minConfidence=0.8&maxConfidence=0.9", headers=h["viewer"])
    assert [i["playId"] for i in body(by_code)] == [scene["plays"][7]]
    by_id = client.get(f"/api/qa/attributions?partner={scene['ascap']['participantId']}&page=2&pageSize=1",
                       headers=h["viewer"])
    assert (body(by_id), by_id.headers["X-Total-Count"]) == ([], "1")
    assert body(client.get("/api/qa/attributions?stationId=STN-999999", headers=h["viewer"])) == []
    assert_error(client.get("/api/qa/attributions?partner=NOPE", headers=h["viewer"]), 422, field="partner")
    assert_error(client.get("/api/qa/attributions?minConfidence=2", headers=h["viewer"]), 422,
                 field="minConfidence", location="query")
    for role in ("participant", "station"):
        assert_error(client.get("/api/qa/attributions", headers=h[role]), 403)
    assert_error(client.get("/api/qa/attributions"), 401)


def test_link_roles_validation_and_effect(client, h, scene):  # noqa: F811
    url = f"/api/qa/attributions/{scene['plays'][7]}/link"
    for role in ("finance", "viewer", "participant", "station"):
        assert_error(client.post(url, json={"workId": "WRK-900002"}, headers=h[role]), 403)
    assert_error(client.post(url, json={}, headers=h["ops"]), 422, field="recordingId")
    assert_error(client.post(url, json={"workId": "WRK-900002", "recordingId": "REC-900001"}, headers=h["ops"]), 422,
                 field="recordingId")
    assert_error(client.post(url, json={"workId": "WRK-999999"}, headers=h["ops"]), 422, field="workId")
    assert_error(client.post("/api/qa/attributions/PLY-999999/link", json={"workId": "WRK-900002"},
                             headers=h["ops"]), 404)
    resp = client.post(url, json={"workId": "WRK-900002", "note": "heard it"}, headers=h["ops"])
    assert resp.status_code == 200, body(resp)
    linked = body(resp)
    assert (linked["status"], linked["workId"], linked["originPartner"], linked["chargeStatus"]) == (
        "matched", "WRK-900002", "ASCAP", "charged")
    assert linked["attributions"][0]["method"] == "manual"
    reciprocal = [p for p in linked["allocation"] if p["via"] == "reciprocal"]
    assert [(p["partnerCode"], p["amount"], p["assetId"]) for p in reciprocal] == [("ASCAP", 0.5, "WRK-900002")]
    assert body(client.get("/api/qa/attributions", headers=h["viewer"])) == []


def test_unmatched_usage_and_resolving_one(client, h, scene):  # noqa: F811
    for role in ("admin", "finance", "ops", "viewer"):
        assert client.get("/api/usage/unmatched", headers=h[role]).status_code == 200
    for role in ("participant", "station"):
        assert_error(client.get("/api/usage/unmatched", headers=h[role]), 403)
    resp = client.get("/api/usage/unmatched?from=2024-03-01&to=2024-03-31", headers=h["viewer"])
    assert resp.headers["X-Total-Count"] == "1"
    assert [(u["playId"], u["title"], u["stationId"]) for u in body(resp)] == [
        (scene["plays"][8], "Completely Unknown Song", scene["station"]["stationId"])]
    assert body(client.get("/api/usage/unmatched?from=2024-04-01", headers=h["viewer"])) == []
    assert_error(client.get("/api/usage/unmatched?from=2024-04-01&to=2024-03-01", headers=h["viewer"]), 422,
                 field="from")
    assert_error(client.get("/api/usage/unmatched?from=March", headers=h["viewer"]), 422, field="from",
                 location="query")
    resp = client.post(f"/api/qa/attributions/{scene['plays'][8]}/link",
                       json={"recordingId": scene["ids"].r_ama}, headers=h["admin"])
    assert resp.status_code == 200, body(resp)
    assert (body(resp)["status"], body(resp)["recordingId"]) == ("matched", scene["ids"].r_ama)
    assert body(client.get("/api/usage/unmatched", headers=h["viewer"])) == []


def test_a_play_posted_with_an_iswc_is_attributed_to_the_partner_work(client, h, scene):  # noqa: F811
    play = {"stationId": scene["station"]["stationId"], "playedAt": "2024-03-02T10:00:00Z", "title": "Untitled",
            "artist": "Somebody", "iswc": "T3452468004"}
    assert_error(client.post("/api/playlogs", json=play, headers=h["ops"]), 422, field="iswc")
    resp = client.post("/api/playlogs", json=play | {"iswc": ISWC_HIGHWAY.replace("-", "")}, headers=h["ops"])
    assert resp.status_code == 201, body(resp)
    play_id = body(resp)["plays"][0]["playId"]
    got = body(client.get(f"/api/playlogs/{play_id}", headers=h["viewer"]))
    assert (got["iswc"], got["workId"], got["originPartner"], got["attributions"][0]["method"]) == (
        ISWC_HIGHWAY, "WRK-900002", "ASCAP", "external_iswc")
    assert [(p["via"], p["partnerCode"], p["amount"]) for p in got["allocation"] if p["via"] == "reciprocal"] == [
        ("reciprocal", "ASCAP", 0.5)]
