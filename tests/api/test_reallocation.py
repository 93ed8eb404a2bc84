"""Reallocation over HTTP: review actions (POST /api/royalties/review/{eventId}), statement
reprocessing and suspense re-matching — payloads, exact amounts, and 404 / 409 / 422 / 403."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from app.services import splits, statements
from app.services.recordings import create_recording
from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, token
from tests.graph.helpers import (
    assert_ledger_consistent,
    load,
    participant,
    participant_ids,
    recording,
    write_distrokid,
)
from tests.graph.test_reallocation import REVIEW_ROW, UNKNOWN_ROW, recording_id, wallets, weeknd_catalog


def queued(graph, tmp_path) -> tuple[str, dict]:
    statement = load(tmp_path, [REVIEW_ROW, UNKNOWN_ROW], **weeknd_catalog())
    return statement["statementId"], participant_ids(graph)


def test_confirm_over_http(graph, tmp_path, post_json):
    sid, ids = queued(graph, tmp_path)
    syt = recording_id(graph, "Save Your Tears")
    resp = post_json(f"/api/royalties/review/{sid}:2", {"action": "confirm"}, role="ops")
    data = body(resp)
    assert resp.status_code == 200, data
    assert {k: data[k] for k in ("eventId", "statementId", "line", "action", "assetId", "recordingId", "matchMethod",
                                 "matchConfidence", "allocationStatus", "revision", "reviewedBy", "currency",
                                 "amount", "moved")} == {
        "eventId": f"{sid}:2", "statementId": sid, "line": 2, "action": "confirm", "assetId": syt, "recordingId": syt,
        "matchMethod": "manual", "matchConfidence": 1.0, "allocationStatus": "allocated", "revision": 1,
        "reviewedBy": "ops-user", "currency": "USD", "amount": 4, "moved": 4}
    assert sorted((a["participantId"], a["kind"], a["amount"]) for a in data["allocations"]) == sorted([
        (ids["weeknd"], "wallet", 2.8), (ids["label"], "wallet", 1.2)])
    assert len(data["entryIds"]) == 2 and all(e.startswith("JE-") for e in data["entryIds"])
    assert wallets(graph) == {ids["weeknd"]: 2_800_000, ids["label"]: 1_200_000}

    again = post_json(f"/api/royalties/review/{sid}:2", {"action": "confirm"})
    assert "not waiting for review" in assert_error(again, 409)["message"]
    assert_ledger_consistent(graph)


def test_review_errors(graph, tmp_path, post_json, client, artist):
    sid, _ = queued(graph, tmp_path)
    assert_error(post_json(f"/api/royalties/review/{sid}:2", {"action": "approve"}), 422, field="action")
    assert_error(post_json(f"/api/royalties/review/{sid}:2", {"action": "relink"}), 422, field="recordingId")
    assert_error(post_json(f"/api/royalties/review/{sid}:2", {"action": "confirm", "recordingId": "REC-000001"}),
                 422, field="recordingId")
    assert_error(post_json(f"/api/royalties/review/{sid}:2", {}), 422, field="action")
    assert "REC-999999" in assert_error(
        post_json(f"/api/royalties/review/{sid}:2", {"action": "relink", "recordingId": "REC-999999"}), 404)["message"]
    assert_error(post_json("/api/royalties/review/STM-999999:2", {"action": "reject"}), 404)
    assert_error(post_json(f"/api/royalties/review/{sid}:3", {"action": "reject"}), 409)
    assert_error(post_json(f"/api/royalties/review/{sid}:2", {"action": "reject"}, role="viewer"), 403)
    assert_error(client.post(f"/api/royalties/review/{sid}:2", json={"action": "reject"}, headers=artist.headers), 403)
    assert_error(client.post(f"/api/royalties/review/{sid}:2", json={"action": "reject"}), 401)
    assert statements.review_queue(sid)[1] == 1  # nothing was decided

    rejected = post_json(f"/api/royalties/review/{sid}:2", {"action": "reject"}, role="ops")
    data = body(rejected)
    assert rejected.status_code == 200, data
    assert (data["matchMethod"], data["recordingId"], data["allocationStatus"], data["moved"], data["entryIds"]) == (
        "none", None, "unmatched", 0, [])
    assert data["rejectedRecordingId"] == recording_id(graph, "Save Your Tears")
    assert [(a["kind"], a["amount"]) for a in data["allocations"]] == [("suspense", 4)]


def test_reprocess_over_http(graph, tmp_path, post_json):
    statement = load(tmp_path, [{"ISRC": "QZAAA2400010", "Sale Month": "2024-06", "Earnings (USD)": "9"}],
                     participants=[participant("artist"), participant("producer", "producer")],
                     recordings=[recording("a", "QZAAA2400010", title="Song A")],
                     ownership=[{"participantRef": "artist", "assetRef": "a", "rightType": "master", "share": "100"}])
    sid, ids = statement["statementId"], participant_ids(graph)
    splits.put_split(recording_id(graph, "Song A"), "master", dt.date(2024, 1, 1), [
        {"participantId": ids["artist"], "share": Decimal("50"), "role": "artist"},
        {"participantId": ids["producer"], "share": Decimal("50"), "role": "producer"}], "tester")

    resp = post_json(f"/api/royalties/statements/{sid}/reprocess", {}, role="ops")
    data = body(resp)
    assert resp.status_code == 200, data
    assert {k: data[k] for k in ("statementId", "queued", "events", "changed", "rematched", "reversedMicro",
                                 "postedMicro", "movedMicro", "releasedMicro")} == {
        "statementId": sid, "queued": False, "events": 1, "changed": 1, "rematched": 0, "reversedMicro": 9_000_000,
        "postedMicro": 9_000_000, "movedMicro": 4_500_000, "releasedMicro": 0}
    assert len(data["entryIds"]) == 2
    assert wallets(graph) == {ids["artist"]: 4_500_000, ids["producer"]: 4_500_000}

    second = body(post_json(f"/api/royalties/statements/{sid}/reprocess", {}))
    assert (second["changed"], second["entryIds"]) == (0, [])
    assert_error(post_json("/api/royalties/statements/STM-999999/reprocess", {}), 404)
    assert_error(post_json(f"/api/royalties/statements/{sid}/reprocess", {}, role="viewer"), 403)


def test_reprocess_of_an_unprocessed_statement_is_a_conflict(graph, tmp_path, post_json):
    path = write_distrokid(tmp_path / "s.tsv", [{"ISRC": "QZAAA2400010", "Earnings (USD)": "1"}])
    registered, _ = statements.register(path, path.name, "distrokid")
    assert "process it first" in assert_error(
        post_json(f"/api/royalties/statements/{registered['statementId']}/reprocess", {}), 409)["message"]


def test_rematch_over_http(graph, tmp_path, post_json, client):
    statement = load(tmp_path, [{"ISRC": "QZAAA2400040", "Earnings (USD)": "0.333333"}],
                     participants=[participant("artist")])
    sid = statement["statementId"]
    headers = bearer(token(client, create_user("finance-user", PASSWORD, "finance")["username"]))
    empty = client.post("/api/royalties/suspense/rematch", json={}, headers=headers)
    assert body(empty)["examined"] == 1 and body(empty)["matched"] == 0

    rid = create_recording({"title": "Late", "isrc": "QZAAA2400040", "performers": []}, "tester", dt.date.today())[
        "recordingId"]
    splits.put_split(rid, "master", dt.date(2020, 1, 1), [
        {"participantId": participant_ids(graph)["artist"], "share": Decimal("100"), "role": "artist"}], "tester")
    resp = client.post("/api/royalties/suspense/rematch", json={"statementId": sid}, headers=headers)
    data = body(resp)
    assert resp.status_code == 200, data
    assert {k: data[k] for k in ("queued", "examined", "matched", "changed", "releasedMicro")} == {
        "queued": False, "examined": 1, "matched": 1, "changed": 1, "releasedMicro": 333_333}
    assert wallets(graph) == {participant_ids(graph)["artist"]: 333_333}
    assert_error(post_json("/api/royalties/suspense/rematch", {"statementId": "STM-999999"}), 404)
    assert_error(post_json("/api/royalties/suspense/rematch", {"statementId": 5}), 422, field="statementId")
    assert_error(post_json("/api/royalties/suspense/rematch", {}, role="viewer"), 403)
    assert_ledger_consistent(graph)
