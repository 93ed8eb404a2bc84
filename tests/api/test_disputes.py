"""Disputes over HTTP: raising (participant tokens for themselves, staff for anyone), every bad
reference listed in one 422, listing and reading with the participant rules, the status flow with
409 on a move it does not allow, the audit trail of every move, and the Money Hub's 'disputed'."""
from __future__ import annotations

import pytest

from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, token


@pytest.fixture
def work_id(post_json) -> str:
    resp = post_json("/api/works", {"title": "Contested Song"})
    assert resp.status_code == 201, body(resp)
    return body(resp)["workId"]


@pytest.fixture
def raise_dispute(post_json, work_id):
    """``raise_dispute(raised_by, involves, role="admin", **fields)`` → the 201 body."""
    def make(raised_by: str, involves: list[str], role: str = "admin", **fields) -> dict:
        resp = post_json("/api/disputes", {"assetId": work_id, "reason": "split disagreed", "raisedBy": raised_by,
                                           "involves": involves, **fields}, role=role)
        assert resp.status_code == 201, body(resp)
        return body(resp)
    return make


def patch(client, auth, dispute_id: str, status: str, note: str | None = None, role: str = "admin"):
    return client.patch(f"/api/disputes/{dispute_id}", json={"status": status, "note": note}, headers=auth(role))


def test_a_participant_raises_a_dispute_for_itself(client, artist, work_id):
    resp = client.post("/api/disputes", headers=artist.headers,
                       json={"assetId": work_id, "rightType": "performance", "reason": "I wrote half of it",
                             "raisedBy": artist.own, "involves": [artist.other]})
    assert resp.status_code == 201, body(resp)
    dispute = body(resp)
    assert dispute["disputeId"].startswith("DSP-")
    assert {k: dispute[k] for k in ("status", "assetId", "assetKind", "rightType", "reason", "origin", "raisedBy",
                                     "involves", "closedAt", "issueId")} == {
        "status": "open", "assetId": work_id, "assetKind": "work", "rightType": "performance",
        "reason": "I wrote half of it", "origin": "manual", "raisedBy": artist.own, "involves": [artist.other],
        "closedAt": None, "issueId": None}
    [opened] = dispute["history"]
    assert (opened["action"], opened["actor"], opened["before"]) == ("dispute.open", "own-artist", None)
    assert opened["after"]["status"] == "open" and opened["after"]["raisedBy"] == artist.own


def test_a_participant_may_not_raise_for_someone_else(client, artist, work_id):
    resp = client.post("/api/disputes", headers=artist.headers,
                       json={"assetId": work_id, "reason": "on their behalf", "raisedBy": artist.other})
    assert_error(resp, 403)


def test_viewers_may_not_raise_disputes(post_json, artist, work_id):
    resp = post_json("/api/disputes", {"assetId": work_id, "reason": "x", "raisedBy": artist.own}, role="viewer")
    assert_error(resp, 403)


def test_an_unknown_entity_is_404_every_bad_reference_is_listed_and_nothing_is_written(client, auth, post_json, artist, work_id):
    resp = post_json("/api/disputes", {"assetId": "WRK-999999", "reason": "x", "raisedBy": "PART-999998",
                                       "involves": [artist.other, "PART-999999"]})
    data = assert_error(resp, 404, field="assetId")  # the disputed entity is unknown
    assert data["errors"]["json"] == {"assetId": ["unknown work or recording WRK-999999"],
                                      "raisedBy": ["unknown participant PART-999998"],
                                      "involves": ["unknown participant PART-999999"]}
    resp = post_json("/api/disputes", {"assetId": work_id, "rightType": "master", "reason": "x", "raisedBy": artist.own})
    assert assert_error(resp, 422, field="rightType")["errors"]["json"] == {
        "rightType": ["a work carries performance, mechanical, sync rights, not master"]}
    resp = post_json("/api/disputes", {"assetId": work_id, "rightType": "publishing", "raisedBy": artist.own})
    assert set(assert_error(resp, 422, field="reason")["errors"]["json"]) == {"reason", "rightType"}
    listed = client.get("/api/disputes", headers=auth("viewer"))
    assert body(listed) == [] and listed.headers["X-Total-Count"] == "0"


def test_listing_filters_paginates_and_keeps_participants_to_their_own(client, auth, make_participant, artist,
                                                                        raise_dispute):
    third = make_participant("Third Party")["participantId"]
    mine = raise_dispute(artist.own, [artist.other])
    theirs = raise_dispute(artist.other, [third])
    involving_me = raise_dispute(third, [artist.own])
    patch(client, auth, theirs["disputeId"], "rejected")

    resp = client.get("/api/disputes?pageSize=2", headers=auth("viewer"))
    assert [d["disputeId"] for d in body(resp)] == [mine["disputeId"], theirs["disputeId"]]
    assert resp.headers["X-Total-Count"] == "3"
    resp = client.get("/api/disputes?pageSize=2&page=2", headers=auth("viewer"))
    assert [d["disputeId"] for d in body(resp)] == [involving_me["disputeId"]]
    resp = client.get("/api/disputes?status=rejected", headers=auth("viewer"))
    assert [d["disputeId"] for d in body(resp)] == [theirs["disputeId"]]
    resp = client.get(f"/api/disputes?participantId={third}", headers=auth("viewer"))
    assert [d["disputeId"] for d in body(resp)] == [theirs["disputeId"], involving_me["disputeId"]]
    resp = client.get(f"/api/disputes?assetId={mine['assetId']}&status=open", headers=auth("viewer"))
    assert resp.headers["X-Total-Count"] == "2"

    resp = client.get("/api/disputes", headers=artist.headers)  # a participant: raised by or involving it
    assert [d["disputeId"] for d in body(resp)] == [mine["disputeId"], involving_me["disputeId"]]
    assert_error(client.get(f"/api/disputes?participantId={artist.other}", headers=artist.headers), 403)
    assert client.get(f"/api/disputes/{involving_me['disputeId']}", headers=artist.headers).status_code == 200
    assert_error(client.get(f"/api/disputes/{theirs['disputeId']}", headers=artist.headers), 403)
    assert_error(client.get("/api/disputes/DSP-999999", headers=auth("viewer")), 404)
    assert_error(client.get("/api/disputes?status=closed", headers=auth("viewer")), 422, field="status",
                 location="query")


def test_status_flow_with_audit_and_409_on_moves_it_does_not_allow(client, auth, artist, raise_dispute):
    dispute = raise_dispute(artist.own, [artist.other])
    did = dispute["disputeId"]

    resp = patch(client, auth, did, "in_review", "legal looks at the contract", role="ops")
    assert resp.status_code == 200, body(resp)
    assert (body(resp)["status"], body(resp)["closedAt"]) == ("in_review", None)

    data = assert_error(patch(client, auth, did, "open"), 409)
    assert data["errors"] == {"status": "in_review", "allowedTransitions": ["resolved", "rejected"]}
    assert_error(patch(client, auth, did, "in_review"), 409)

    resp = patch(client, auth, did, "resolved", "new split agreed 50/50")
    assert resp.status_code == 200, body(resp)
    resolved = body(resp)
    assert resolved["status"] == "resolved" and resolved["closedAt"] is not None

    for status in ("rejected", "open", "in_review", "resolved"):
        data = assert_error(patch(client, auth, did, status), 409)
        assert data["errors"] == {"status": "resolved", "allowedTransitions": []}

    history = body(client.get(f"/api/disputes/{did}", headers=auth("viewer")))["history"]
    assert [(e["action"], e["actor"], e["before"], e["after"]) for e in history] == [
        ("dispute.open", "admin-user", None, history[0]["after"]),
        ("dispute.status", "ops-user", {"status": "open"}, {"status": "in_review", "note": "legal looks at the contract"}),
        ("dispute.status", "admin-user", {"status": "in_review"}, {"status": "resolved", "note": "new split agreed 50/50"}),
    ]


def test_open_may_be_rejected_or_resolved_directly(client, auth, artist, raise_dispute):
    first, second = raise_dispute(artist.own, []), raise_dispute(artist.own, [])
    assert body(patch(client, auth, first["disputeId"], "rejected"))["status"] == "rejected"
    assert body(patch(client, auth, second["disputeId"], "resolved"))["status"] == "resolved"
    data = assert_error(patch(client, auth, first["disputeId"], "resolved"), 409)
    assert data["errors"]["allowedTransitions"] == []


def test_only_rights_staff_move_disputes(client, auth, artist, raise_dispute):
    did = raise_dispute(artist.own, [artist.other])["disputeId"]
    assert_error(patch(client, auth, did, "in_review", role="viewer"), 403)
    resp = client.patch(f"/api/disputes/{did}", json={"status": "rejected"}, headers=artist.headers)
    assert_error(resp, 403)
    assert_error(patch(client, auth, "DSP-999999", "in_review"), 404)
    assert_error(patch(client, auth, did, "closed"), 422, field="status")


def test_a_dispute_about_a_tracks_work_marks_it_disputed_in_the_money_hub(client, auth, post_json, ingested):
    create_user("artist-one", PASSWORD, "participant", ingested.artist1)
    headers = bearer(token(client, "artist-one"))

    def hub():
        resp = client.get(f"/api/money/hub/{ingested.artist1}", headers=headers)
        assert resp.status_code == 200, body(resp)
        return body(resp)

    assert ([t["status"] for t in hub()["topTracks"]], hub()["flags"]["hasActiveDisputes"]) == (["ok"], False)
    resp = client.post("/api/disputes", headers=headers,
                       json={"assetId": ingested.work, "reason": "co-writer missing", "raisedBy": ingested.artist1,
                             "involves": [ingested.writer]})
    assert resp.status_code == 201, body(resp)
    did = body(resp)["disputeId"]
    assert ([t["status"] for t in hub()["topTracks"]], hub()["flags"]["hasActiveDisputes"]) == (["disputed"], True)
    assert patch(client, auth, did, "in_review").status_code == 200
    assert hub()["topTracks"][0]["status"] == "disputed"
    assert patch(client, auth, did, "resolved").status_code == 200
    assert ([t["status"] for t in hub()["topTracks"]], hub()["flags"]["hasActiveDisputes"]) == (["ok"], False)
