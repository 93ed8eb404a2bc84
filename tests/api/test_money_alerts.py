"""Money Hub alerts on a real ingestion: missing money (a suspense line that matches a catalog
track), a streaming spike, ownership conflicts, registration gaps; idempotent regeneration,
automatic resolution, status changes over HTTP (audited), access."""
from __future__ import annotations

import pytest

from app.services import alerts, registrations, validation
from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, token
from tests.graph.helpers import ingest, write_distrokid

ALERT_KEYS = {"alertId", "type", "status", "participantId", "entityId", "title", "message", "evidence", "createdAt",
              "updatedAt", "lastSeenAt", "resolvedAt", "resolvedBy", "note"}


def alerts_of(client, headers, pid: str, query: str = "") -> dict:
    resp = client.get(f"/api/money/alerts/{pid}{query}", headers=headers)
    assert resp.status_code == 200, body(resp)
    data = body(resp)
    assert resp.headers["X-Total-Count"] == str(data["total"])
    return data


@pytest.fixture
def headers(client, ingested):
    create_user("artist-2", PASSWORD, "participant", ingested.artist2)
    create_user("label", PASSWORD, "participant", ingested.label)
    return {"artist2": bearer(token(client, "artist-2")), "label": bearer(token(client, "label"))}


def test_missing_money_after_processing_key_by_key(client, auth, ingested):
    # line 5 of DistroKid_Test.tsv ("Song 10" by Artist 2, another ISRC) waits in suspense for review
    data = alerts_of(client, auth("viewer"), ingested.artist2)
    assert set(data) == {"participantId", "counts", "total", "alerts"}
    assert (data["counts"], data["total"]) == ({"open": 1, "investigating": 0, "resolved": 0}, 1)
    [alert] = data["alerts"]
    assert set(alert) == ALERT_KEYS
    assert (alert["type"], alert["status"], alert["participantId"], alert["entityId"]) == (
        "missing_money", "open", ingested.artist2, ingested.song10)
    ev = alert["evidence"]
    assert (ev["statementId"], ev["lines"], ev["lineCount"], ev["amount"], ev["currency"], ev["methods"]) == (
        ingested.statement["statementId"], [5], 1, 0.000617, "USD", ["fuzzy_review"])
    assert "Song 10" in alert["message"] and ingested.statement["statementId"] in alert["message"]
    # the co-owner of Song 10 is told too; Artist 1 has nothing in suspense
    assert [a["type"] for a in alerts_of(client, auth("viewer"), ingested.label)["alerts"]] == ["missing_money"]
    assert alerts_of(client, auth("viewer"), ingested.artist1)["alerts"] == []


def test_status_changes_are_audited_and_checked(client, auth, graph, ingested, headers):
    [alert] = alerts_of(client, auth("viewer"), ingested.artist2)["alerts"]
    url = f"/api/money/alerts/{alert['alertId']}"
    assert_error(client.patch(url, json={"status": "investigating"}, headers=auth("viewer")), 403)
    assert_error(client.patch(url, json={"status": "investigating"}, headers=headers["label"]), 404)
    assert_error(client.patch(url, json={"status": "closed"}, headers=auth("ops")), 422, field="status")
    moved = client.patch(url, json={"status": "investigating", "note": "asked ops"}, headers=headers["artist2"])
    assert moved.status_code == 200, body(moved)
    assert (body(moved)["status"], body(moved)["note"]) == ("investigating", "asked ops")
    back = assert_error(client.patch(url, json={"status": "open"}, headers=auth("ops")), 409)
    assert back["errors"] == {"status": "investigating", "allowedTransitions": ["resolved"]}
    done = body(client.patch(url, json={"status": "resolved"}, headers=auth("admin")))
    assert (done["status"], done["resolvedBy"]) == ("resolved", "admin-user")
    assert done["resolvedAt"] is not None
    assert_error(client.patch(url, json={"status": "resolved"}, headers=auth("ops")), 409)
    assert_error(client.patch("/api/money/alerts/ALR-999999", json={"status": "resolved"}, headers=auth("ops")), 404)
    trail = graph.execute_query("MATCH (a:AuditEvent {entityId: $id, action: 'alert.status'}) "
                                "RETURN a.actor AS actor ORDER BY a.at", id=alert["alertId"]).records
    assert [r["actor"] for r in trail] == ["artist-2", "admin-user"]
    counts = alerts_of(client, auth("viewer"), ingested.artist2, "?status=resolved")
    assert (counts["total"], counts["counts"]["resolved"]) == (1, 1)
    assert alerts_of(client, auth("viewer"), ingested.artist2, "?status=open")["alerts"] == []


def test_nightly_registration_gaps_and_integrity_idempotent_and_self_resolving(client, auth, post_json, ingested):
    first = alerts.nightly()
    gaps = alerts_of(client, auth("viewer"), ingested.artist1, "?type=registration_gap")
    [gap] = gaps["alerts"]
    assert (gap["entityId"], gap["evidence"]["societies"], gap["status"]) == (ingested.song1, ["SX"], "open")
    again = alerts.nightly()
    assert again.get("created", 0) == 0 and again["refreshed"] >= first["created"]
    assert [a["alertId"] for a in alerts_of(client, auth("viewer"), ingested.artist1,
                                            "?type=registration_gap")["alerts"]] == [gap["alertId"]]

    registrations.register_recording(ingested.song1, "pending", None, "test")
    assert alerts.nightly()["resolved"] >= 1
    [gap] = alerts_of(client, auth("viewer"), ingested.artist1, "?type=registration_gap")["alerts"]
    assert (gap["status"], gap["resolvedBy"]) == ("resolved", alerts.SYSTEM_ACTOR)

    # an ownership conflict on Song 10: 60 + 40 + 30 % of the master
    other = body(post_json("/api/participants", {"kinds": ["artist"], "name": "Claimant"}))["participantId"]
    resp = post_json("/api/rights/relations", {"participantId": other, "assetId": ingested.song10,
                                               "rightType": "master", "share": 30, "validFrom": "2020-01-01"})
    assert resp.status_code == 201, body(resp)
    validation.validate(ingested.song10)
    alerts.nightly()
    integrity = alerts_of(client, auth("viewer"), ingested.artist2, "?type=data_integrity")["alerts"]
    assert integrity and {a["entityId"] for a in integrity} == {ingested.song10}
    assert all(a["title"].startswith("Ownership conflict") for a in integrity)
    assert alerts_of(client, auth("viewer"), other, "?type=data_integrity")["total"] == len(integrity)


def test_a_streaming_spike_is_a_fraud_risk(client, auth, ingested, tmp_path):
    months = [f"2024-0{m}" for m in range(1, 7)]
    rows = [{"ISRC": "AAAAA1234567", "Title": "Song 1", "Artist": "Artist 1", "Sale Month": m, "Quantity": "1000",
             "Earnings (USD)": "3.5"} for m in months]
    ingest(write_distrokid(tmp_path / "steady.tsv", rows))
    assert alerts_of(client, auth("viewer"), ingested.artist1, "?type=fraud_risk")["alerts"] == []
    ingest(write_distrokid(tmp_path / "spike.tsv", [{**rows[0], "Sale Month": "2024-07", "Quantity": "20000",
                                                     "Earnings (USD)": "70"}]))
    [spike] = alerts_of(client, auth("viewer"), ingested.artist1, "?type=fraud_risk")["alerts"]
    ev = spike["evidence"]
    assert (spike["entityId"], ev["period"], ev["units"], ev["trailingMedian"], ev["ratio"]) == (
        ingested.song1, "2024-07", 20000, 1000, 20)
    assert "20,000" in spike["message"]


def test_alerts_access(client, auth, ingested, headers):
    assert alerts_of(client, headers["artist2"], ingested.artist2)["total"] == 1
    assert_error(client.get(f"/api/money/alerts/{ingested.label}", headers=headers["artist2"]), 403)
    assert_error(client.get("/api/money/alerts/PART-999999", headers=auth("viewer")), 404)
    assert_error(client.get(f"/api/money/alerts/{ingested.artist2}?type=nope", headers=auth("viewer")), 422,
                 field="type", location="query")
