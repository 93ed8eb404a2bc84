"""The Money Hub's track, rights and plan payloads over HTTP after a real ingestion
(DistroKid_Test.tsv on the ``distrokid_catalog``): key by key, amounts as JSON numbers, access."""
from __future__ import annotations

import pytest

from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, leaves, token

AMOUNT_KEYS = {"total", "amount", "share"}


def get(client, headers, url: str) -> dict:
    resp = client.get(url, headers=headers)
    assert resp.status_code == 200, body(resp)
    return body(resp)


def assert_numbers(payload) -> None:
    for path, value in leaves(payload):
        if path.rsplit(".", 1)[-1] in AMOUNT_KEYS:
            assert type(value) in (int, float), (path, value)


@pytest.fixture
def artist2_headers(client, ingested):
    create_user("artist-2", PASSWORD, "participant", ingested.artist2)
    return bearer(token(client, "artist-2"))


def test_track_payload_key_by_key_for_staff(client, auth, ingested):
    track = get(client, auth("viewer"), f"/api/money/track/{ingested.song10}?participantId={ingested.artist2}")
    assert_numbers(track)
    assert set(track) == {"recordingId", "title", "isrc", "primaryArtist", "works", "participantId", "currency",
                          "status", "income", "trackIncome", "roles", "ownership", "participants", "split",
                          "registrations"}
    assert (track["recordingId"], track["title"], track["isrc"], track["primaryArtist"], track["works"]) == (
        ingested.song10, "Song 10", "BBBBB1234567", "Artist 2", [])
    assert (track["participantId"], track["currency"], track["status"]) == (ingested.artist2, "USD",
                                                                         "missing_publishing")
    own = {"total": 0.000188, "byRightType": [{"rightType": "master", "amount": 0.000188}],
           "bySource": [{"source": "apple_music", "label": "Apple Music", "amount": 0.000188}]}
    assert track["income"] == {"lastPeriod": "2022-05", "lifetime": own, "lastPeriodIncome": own}
    total = {"total": 0.000314, "byRightType": [{"rightType": "master", "amount": 0.000314}],
             "bySource": [{"source": "apple_music", "label": "Apple Music", "amount": 0.000314}]}
    assert track["trackIncome"] == {"lastPeriod": "2022-05", "lifetime": total, "lastPeriodIncome": total}
    slice_keys = {"assetId", "assetKind", "rightType", "share", "role", "territories", "excluded", "validFrom",
                  "validTo", "agreementId"}
    [mine] = track["ownership"]
    assert set(mine) == slice_keys
    assert (mine["assetId"], mine["assetKind"], mine["rightType"], mine["share"], mine["territories"],
            mine["validFrom"], mine["validTo"]) == (ingested.song10, "recording", "master", 60, ["WORLD"],
                                                    "2020-01-01", None)
    by_id = {p["participantId"]: p for p in track["participants"]}
    assert set(by_id) == {ingested.artist2, ingested.label}
    assert all(set(p) == {"participantId", "name", "roles", "ownership"} for p in track["participants"])
    assert [o["share"] for o in by_id[ingested.label]["ownership"]] == [40]
    assert by_id[ingested.artist2]["roles"] == track["roles"] and len(track["roles"]) == 2  # performer + owner
    assert track["split"] == {"status": "valid", "violations": []}
    assert track["registrations"] == [{"assetId": ingested.song10, "assetKind": "recording", "societyCode": "SX",
                                       "societyName": track["registrations"][0]["societyName"],
                                       "status": "not_registered"}]


def test_a_track_whose_split_does_not_add_up(client, auth, post_json, ingested):
    # the writer's 100 % performance share of Song One plus a publisher's 20 %: 120 %
    pub = body(post_json("/api/participants", {"kinds": ["publisher"], "name": "Pub"}))["participantId"]
    resp = post_json("/api/rights/relations", {"participantId": pub, "assetId": ingested.work,
                                               "rightType": "performance", "share": 20, "validFrom": "2020-01-01"})
    assert resp.status_code == 201, body(resp)
    track = get(client, auth("viewer"), f"/api/money/track/{ingested.song1}?participantId={ingested.artist1}")
    assert track["status"] == "ok"
    assert [w["workId"] for w in track["works"]] == [ingested.work]
    assert track["split"]["status"] == "not_adding_up"
    kinds = {k for v in track["split"]["violations"] for k in v["kinds"]}
    assert "split_overlap" in kinds
    assert {v["assetId"] for v in track["split"]["violations"]} == {ingested.work}
    assert all(v["total"] == 120 for v in track["split"]["violations"] if "split_overlap" in v["kinds"])


def test_track_access(client, auth, ingested, artist2_headers):
    own = get(client, artist2_headers, f"/api/money/track/{ingested.song10}?participantId={ingested.artist2}")
    assert own["trackIncome"] is None  # the track's total is for staff
    assert own["income"]["lifetime"]["total"] == 0.000188
    assert_error(client.get(f"/api/money/track/{ingested.song10}?participantId={ingested.label}",
                            headers=artist2_headers), 403)
    assert_error(client.get(f"/api/money/track/{ingested.song1}?participantId={ingested.artist2}",
                            headers=artist2_headers), 403)  # not its track
    assert_error(client.get(f"/api/money/track/REC-999999?participantId={ingested.artist2}",
                            headers=auth("viewer")), 404)
    assert_error(client.get(f"/api/money/track/{ingested.song10}?participantId=PART-999999",
                            headers=auth("viewer")), 404)
    assert_error(client.get(f"/api/money/track/{ingested.song10}", headers=auth("viewer")), 422,
                 field="participantId", location="query")


def test_rights_payload_key_by_key_and_paginated(client, auth, ingested, artist2_headers):
    resp = client.get(f"/api/money/rights/{ingested.artist1}", headers=auth("viewer"))
    rights = body(resp)
    assert resp.status_code == 200 and resp.headers["X-Total-Count"] == "1"
    assert set(rights) == {"participantId", "asOf", "total", "assets"}
    [asset] = rights["assets"]
    assert asset == {
        "assetId": ingested.song1, "assetKind": "recording", "title": "Song 1", "code": "AAAAA1234567",
        "rights": [{"rightType": "master", "share": 100, "role": asset["rights"][0]["role"], "territories": ["WORLD"],
                    "excluded": [], "validFrom": "2020-01-01", "validTo": None, "agreementId": None,
                    "status": asset["rights"][0]["status"], "inForce": True}],
        "registrations": [{"societyCode": "SX", "societyName": asset["registrations"][0]["societyName"],
                           "status": "not_registered"}],
        "registrationStatus": "not_registered", "disputed": False, "disputeIds": []}
    writer = get(client, auth("viewer"), f"/api/money/rights/{ingested.writer}")
    assert [(a["assetId"], a["assetKind"], a["code"]) for a in writer["assets"]] == [
        (ingested.work, "work", "T-034.524.680-1")]
    assert writer["assets"][0]["rights"][0]["rightType"] == "performance"
    assert set(writer["assets"][0]) == set(asset)
    assert writer["assets"][0]["registrations"] == [] and writer["assets"][0]["registrationStatus"] is None

    page2 = client.get(f"/api/money/rights/{ingested.artist1}?page=2&pageSize=1", headers=auth("viewer"))
    assert body(page2)["assets"] == [] and page2.headers["X-Total-Count"] == "1"
    assert get(client, artist2_headers, f"/api/money/rights/{ingested.artist2}")["total"] == 1
    assert_error(client.get(f"/api/money/rights/{ingested.artist1}", headers=artist2_headers), 403)
    assert_error(client.get("/api/money/rights/PART-999999", headers=auth("viewer")), 404)


def test_a_disputed_asset_is_flagged_in_rights(client, auth, post_json, ingested):
    resp = post_json("/api/disputes", {"assetId": ingested.work, "reason": "who wrote it", "raisedBy": ingested.writer})
    assert resp.status_code == 201, body(resp)
    dispute = body(resp)["disputeId"]
    [asset] = get(client, auth("viewer"), f"/api/money/rights/{ingested.writer}")["assets"]
    assert (asset["disputed"], asset["disputeIds"]) == (True, [dispute])
    # the recording of a disputed work is disputed too
    [song] = get(client, auth("viewer"), f"/api/money/rights/{ingested.artist1}")["assets"]
    assert (song["disputed"], song["disputeIds"]) == (True, [dispute])


def test_plan_payload(client, auth, graph, ingested, artist2_headers):
    plan = get(client, artist2_headers, f"/api/account/plan/{ingested.artist2}")
    assert set(plan) == {"participantId", "currentPlan", "since", "availableUpgrades"}
    assert plan["currentPlan"]["planId"] == "free" and plan["since"] is None
    assert plan["currentPlan"]["price"] == {"amount": 0, "currency": "USD", "interval": "month"}
    assert [(p["planId"], p["price"]["amount"]) for p in plan["availableUpgrades"]] == [("pro", 9.99),
                                                                                        ("label", 49.99)]
    assert all(set(p) == {"planId", "name", "price", "features", "limits"}
               for p in [plan["currentPlan"], *plan["availableUpgrades"]])
    assert plan["availableUpgrades"][1]["limits"]["tracks"] is None  # unlimited

    graph.execute_query("MATCH (p:Participant {participantId: $pid}) SET p.planId = 'pro', "
                        "p.planSince = datetime('2025-01-01T00:00:00Z')", pid=ingested.artist2)
    plan = get(client, auth("viewer"), f"/api/account/plan/{ingested.artist2}")
    assert (plan["currentPlan"]["planId"], plan["since"]) == ("pro", "2025-01-01T00:00:00+00:00")
    assert [p["planId"] for p in plan["availableUpgrades"]] == ["label"]
    assert_error(client.get(f"/api/account/plan/{ingested.artist1}", headers=artist2_headers), 403)
    assert_error(client.get("/api/account/plan/PART-999999", headers=auth("viewer")), 404)
