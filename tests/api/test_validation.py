"""Split validation over HTTP: POST /api/rights/validate for one asset and for the whole graph
(in-process, and queued when a broker is configured), the roles allowed, and the data-quality
issues it leaves, listed with filters and pagination, witnesses as JSON numbers."""
from __future__ import annotations

import pytest

from tests.api.helpers import assert_error, body, relation_body


@pytest.fixture
def conflicted(post_json, make_participant):
    """A recording whose master two labels each claim 60 % of, and a work with 70 % of its
    performance right owned: ``recording``, ``work``, ``label_a``, ``label_b``, ``writer``."""
    label_a, label_b = (make_participant(n, "label")["participantId"] for n in ("Label A", "Label B"))
    writer = make_participant("Writer", "writer")["participantId"]
    work = body(post_json("/api/works", {"title": "Half Written"}))["workId"]
    recording = body(post_json("/api/recordings", {"title": "Claimed Twice", "isrc": "GHA0C2400099"}))["recordingId"]
    for pid, asset, right, share in ((label_a, recording, "master", 60), (label_b, recording, "master", 60),
                                     (writer, work, "performance", 70)):
        resp = post_json("/api/rights/relations", relation_body(pid, asset, right, share))
        assert resp.status_code == 201, body(resp)
    return dict(recording=recording, work=work, label_a=label_a, label_b=label_b, writer=writer)


def test_validating_one_asset_returns_its_findings_and_opens_a_dispute(client, auth, post_json, conflicted):
    resp = post_json("/api/rights/validate", {"assetId": conflicted["recording"]}, role="ops")
    assert resp.status_code == 200, body(resp)
    summary = body(resp)
    assert {k: summary[k] for k in ("assetsChecked", "findings", "disputesOpened", "resolved", "issuesOmitted",
                                    "queued")} == {
        "assetsChecked": 1, "findings": {"split_gap": 0, "split_overlap": 1, "publisher_share": 0},
        "disputesOpened": 1, "resolved": 0, "issuesOmitted": 0, "queued": False}
    [issue] = summary["issues"]
    assert issue["witness"] == {
        "assetId": conflicted["recording"], "rightType": "master", "country": "AD", "restOfWorld": True,
        "date": "2020-01-01", "until": None, "total": 120,
        "owners": [{"participantId": conflicted["label_a"], "share": 60, "publisher": False},
                   {"participantId": conflicted["label_b"], "share": 60, "publisher": False}]}

    [dispute] = body(client.get(f"/api/disputes?assetId={conflicted['recording']}", headers=auth("viewer")))
    assert {k: dispute[k] for k in ("disputeId", "status", "origin", "rightType", "issueId", "raisedBy",
                                     "involves")} == {
        "disputeId": summary["disputeIds"][0], "status": "open", "origin": "validator", "rightType": "master",
        "issueId": issue["issueId"], "raisedBy": None, "involves": [conflicted["label_a"], conflicted["label_b"]]}
    assert dispute["reason"].startswith("ownership conflict: master shares of")
    assert [e["actor"] for e in dispute["history"]] == ["ops-user"]


def test_validating_the_whole_graph_and_listing_the_issues(client, auth, post_json, conflicted):
    resp = client.post("/api/rights/validate", headers=auth("admin"))  # no body: the whole graph
    assert resp.status_code == 200, body(resp)
    summary = body(resp)
    assert summary["assetsChecked"] == 2
    assert summary["findings"] == {"split_gap": 1, "split_overlap": 1, "publisher_share": 0}

    resp = client.get("/api/quality/issues?pageSize=1", headers=auth("viewer"))
    assert resp.status_code == 200 and resp.headers["X-Total-Count"] == "2"
    first_page = body(resp)
    resp = client.get("/api/quality/issues?pageSize=1&page=2", headers=auth("viewer"))
    assert len(first_page) == len(body(resp)) == 1 and first_page[0]["issueId"] < body(resp)[0]["issueId"]

    resp = client.get(f"/api/quality/issues?kind=split_gap&status=open&entityId={conflicted['work']}",
                      headers=auth("viewer"))
    [gap] = body(resp)
    assert {k: gap[k] for k in ("kind", "status", "entityId", "severity", "resolvedAt", "message")} == {
        "kind": "split_gap", "status": "open", "entityId": conflicted["work"], "severity": "error",
        "resolvedAt": None, "message": f"performance shares of {conflicted['work']} total 70 % in the rest of the "
                                       "world (e.g. AD) from 2020-01-01: under 100 % (±0.06)"}
    assert gap["witness"]["total"] == 70 and gap["witness"]["owners"][0]["share"] == 70
    assert gap["firstSeenAt"] and gap["lastSeenAt"]
    resp = client.get("/api/quality/issues?status=resolved", headers=auth("viewer"))
    assert body(resp) == [] and resp.headers["X-Total-Count"] == "0"


def test_fixing_the_split_resolves_the_issue_on_the_next_run(client, auth, post_json, make_participant, conflicted):
    assert body(post_json("/api/rights/validate", {"assetId": conflicted["work"]}))["findings"]["split_gap"] == 1
    other = make_participant("Co-writer", "writer")["participantId"]
    post_json("/api/rights/relations", relation_body(other, conflicted["work"], "performance", 30))

    summary = body(post_json("/api/rights/validate", {"assetId": conflicted["work"]}))
    assert (summary["resolved"], summary["issues"]) == (1, [])
    [issue] = body(client.get(f"/api/quality/issues?entityId={conflicted['work']}", headers=auth("viewer")))
    assert issue["status"] == "resolved" and issue["resolvedAt"] is not None


def test_roles_unknown_assets_and_bad_filters(client, auth, post_json, artist, conflicted):
    assert_error(post_json("/api/rights/validate", {}, role="viewer"), 403)
    assert_error(client.post("/api/rights/validate", json={}, headers=artist.headers), 403)
    assert_error(post_json("/api/rights/validate", {"assetId": "REC-999999"}), 404)
    assert_error(client.get("/api/quality/issues", headers=artist.headers), 403)
    assert_error(client.get("/api/quality/issues?status=closed", headers=auth("viewer")), 422, field="status",
                 location="query")


def test_with_a_broker_the_validation_is_queued(monkeypatch, post_json, conflicted, graph):
    # kombu's in-memory transport: the task is really sent, and nothing runs it here
    monkeypatch.setenv("CELERY_BROKER_URL", "memory://")
    resp = post_json("/api/rights/validate", {"assetId": conflicted["recording"]})
    assert resp.status_code == 202, body(resp)
    assert body(resp) == {"queued": True}
    assert_error(post_json("/api/rights/validate", {"assetId": "REC-999999"}), 404)
    records, _, _ = graph.execute_query("MATCH (q:DataQualityIssue) RETURN count(q) AS n")
    assert records[0]["n"] == 0
