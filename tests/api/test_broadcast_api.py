"""The broadcast API over HTTP on the real Neo4j: stations and top-ups, tariffs, play logs,
the review queue and manual links, withdrawals under the access rules, the pool views and the
compliance CSV — roles, 404/409/422, and exact amounts."""
from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest

from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, token
from tests.graph.broadcast_helpers import catalog, sign

STATION = {"name": "Joy FM", "stationClass": "national", "country": "GH", "timezone": "Africa/Accra",
           "streamIds": ["joy-997"], "currency": "GHS",
           "licence": {"status": "active", "number": "NCA-001", "validFrom": "2024-01-01", "coverage": ["GH"]}}
TARIFF = {"stationClass": "national", "usageType": "featured", "basis": "per_play", "rate": 2, "currency": "GHS",
          "validFrom": "2024-01-01"}


@pytest.fixture
def world(client, graph, auth, tmp_path):
    """The broadcast catalog (Ama self-published, Kofi signed to Asante), finance and participant
    tokens, and Joy FM with 1000.00 and a 2.00 tariff."""
    ids = catalog(tmp_path, graph)
    sign(ids.kofi, ids.asante, ids.w_kofi)
    create_user("finance-user", PASSWORD, "finance")
    for name in ("ama", "kofi", "asante"):
        create_user(f"{name}-user", PASSWORD, "participant", getattr(ids, name))
    headers = {name: bearer(token(client, f"{name}-user")) for name in ("finance", "ama", "kofi", "asante")}
    resp = client.post("/api/stations", json=STATION, headers=auth("ops"))
    assert resp.status_code == 201, body(resp)
    station = body(resp)
    resp = client.post(f"/api/stations/{station['stationId']}/topups", json={"amount": 1000, "reference": "bank-1"},
                       headers=headers["finance"])
    assert resp.status_code == 201, body(resp)
    assert client.post("/api/tariffs", json=TARIFF, headers=headers["finance"]).status_code == 201
    return SimpleNamespace(ids=ids, station=station, h=headers, staff=auth)


def _play(hour: int, isrc: str = "GHA0C2400001", **fields) -> dict:
    return {"stationId": "joy-997", "playedAt": f"2024-06-10T{hour:02d}:00:00Z", "title": "t", "artist": "a",
            "isrc": isrc, "durationSeconds": 200} | fields


def test_stations_create_list_patch_top_up(client, world):
    sid = world.station["stationId"]
    resp = client.get(f"/api/stations/{sid}", headers=world.staff("viewer"))
    assert body(resp)["balance"] == 1000 and body(resp)["accountId"] == f"ACC-STATION-{sid}-GHS"
    bad = client.post("/api/stations", json=STATION | {"country": "XX", "streamIds": [],
                                                       "licence": STATION["licence"] | {"coverage": ["ZZ"]}},
                      headers=world.staff("ops"))
    errors = assert_error(bad, 422, field="country")["errors"]["json"]
    assert errors["licence"]["coverage"] == {"0": ["unknown territory ZZ"]}
    taken = client.post("/api/stations", json=STATION | {"name": "Copy"}, headers=world.staff("ops"))
    assert assert_error(taken, 409)["errors"]["existingId"] == sid
    assert_error(client.post("/api/stations", json=STATION, headers=world.staff("viewer")), 403)
    listed = client.get("/api/stations?stationClass=national", headers=world.staff("viewer"))
    assert listed.headers["X-Total-Count"] == "1" and body(listed)[0]["stationId"] == sid
    patched = client.patch(f"/api/stations/{sid}", json={"fundsPolicy": {"policy": "credit_limit", "creditLimit": 50}},
                           headers=world.staff("ops"))
    assert body(patched)["fundsPolicy"] == {"policy": "credit_limit", "creditLimit": 50}
    again = client.post(f"/api/stations/{sid}/topups", json={"amount": 5, "reference": "bank-1"}, headers=world.h["finance"])
    assert_error(again, 409)
    assert_error(client.post(f"/api/stations/{sid}/topups", json={"amount": 5, "reference": "x"},
                             headers=world.staff("ops")), 403)
    assert_error(client.post(f"/api/stations/{sid}/topups", json={"amount": -5, "reference": "y"},
                             headers=world.h["finance"]), 422, field="amount")
    assert_error(client.get("/api/stations/STN-999999", headers=world.staff("viewer")), 404)


def test_tariff_versions_conflicts_and_overlaps(client, world):
    fin = world.h["finance"]
    peak = client.post("/api/tariffs", json=TARIFF | {"band": "peak", "timeFrom": "06:00", "timeTo": "10:00", "rate": 3},
                       headers=fin)
    assert peak.status_code == 201 and body(peak)["rightSplit"] == [{"rightType": "neighbouring", "share": 50},
                                                                    {"rightType": "performance", "share": 50}]
    overlap = client.post("/api/tariffs", json=TARIFF | {"band": "morning", "timeFrom": "09:00", "timeTo": "11:00"},
                          headers=fin)
    assert "peak" in assert_error(overlap, 422, field="timeFrom")["errors"]["json"]["timeFrom"][0]
    assert_error(client.post("/api/tariffs", json=TARIFF, headers=fin), 409)
    newer = client.post("/api/tariffs", json=TARIFF | {"validFrom": "2025-01-01", "rate": 2.5}, headers=fin)
    assert body(newer)["validTo"] is None
    split = client.post("/api/tariffs", json=TARIFF | {"usageType": "jingle", "rightSplit": [
        {"rightType": "performance", "share": 60}, {"rightType": "neighbouring", "share": 30}]}, headers=fin)
    assert_error(split, 422, field="rightSplit")
    listed = client.get("/api/tariffs?stationClass=national&asOf=2024-06-01", headers=world.staff("viewer"))
    assert sorted((t["band"], t["rate"], t["validTo"]) for t in body(listed)) == [
        ("all_day", 2, "2025-01-01"), ("peak", 3, None)]
    assert_error(client.post("/api/tariffs", json=TARIFF, headers=world.staff("ops")), 403)


def test_post_plays_single_batch_rejections_and_repeats(client, world):
    ops = world.staff("ops")
    one = client.post("/api/playlogs", json=_play(8), headers=ops)
    assert one.status_code == 201, body(one)
    data = body(one)
    assert (data["accepted"], data["charged"], data["chargedAmount"]) == (1, 1, 2)
    assert data["plays"][0]["status"] == "matched" and data["plays"][0]["charged"] == 2
    batch = {"plays": [_play(9), _play(10, stationId="Nowhere FM"), _play(11, durationSeconds=-1),
                       _play(12, isrc="BAD"), _play(13, isrc="GHA0C2400003")]}
    resp = client.post("/api/playlogs", json=batch, headers=ops)
    data = body(resp)
    assert (resp.status_code, data["received"], data["accepted"], data["rejected"], data["charged"]) == (201, 5, 2, 3, 2)
    assert [(r["line"], r["field"]) for r in data["rejections"]] == [(2, "station"), (3, "durationSeconds"), (4, "isrc")]
    again = body(client.post("/api/playlogs", json=batch, headers=ops))
    assert (again["importId"], again["new"], again["charged"]) == (data["importId"], 0, 0)
    none = client.post("/api/playlogs", json=_play(14, stationId="Nowhere FM"), headers=ops)
    assert "Nowhere FM" in assert_error(none, 422, field="station")["errors"]["json"]["station"][0]
    assert_error(client.post("/api/playlogs", json={"plays": [{"stationId": "joy-997"}]}, headers=ops), 422)
    assert_error(client.post("/api/playlogs", json=_play(15), headers=world.staff("viewer")), 403)
    station = body(client.get(f"/api/stations/{world.station['stationId']}", headers=ops))
    assert station["balance"] == 994  # three plays charged, none twice
    imported = body(client.get(f"/api/playlogs/imports/{data['importId']}", headers=ops))
    assert imported["rejected"] == 3 and imported["charged"] == 4


def test_review_queue_and_manual_link(client, world):
    ops = world.staff("ops")
    posted = body(client.post("/api/playlogs", json=_play(8, isrc=None, title="Sunrise Acra", artist="Ama Mensa",
                                                          confidence=0.3), headers=ops))
    play_id = posted["plays"][0]["playId"]
    queue = client.get("/api/playlogs/review", headers=world.staff("viewer"))
    assert queue.headers["X-Total-Count"] == "1"
    item = body(queue)[0]
    assert (item["playId"], item["candidateRecordingId"]) == (play_id, world.ids.r_ama)
    assert_error(client.post(f"/api/playlogs/{play_id}/link", json={"recordingId": "REC-999999"}, headers=ops), 422,
                 field="recordingId")
    assert_error(client.post("/api/playlogs/PLY-999999/link", json={"recordingId": world.ids.r_ama}, headers=ops), 404)
    linked = client.post(f"/api/playlogs/{play_id}/link", json={"recordingId": world.ids.r_ama, "note": "ok"},
                         headers=ops)
    data = body(linked)
    assert (linked.status_code, data["status"], data["chargeStatus"], data["charged"]) == (200, "matched", "charged", 2)
    assert {(p["rightType"], p["payeeId"], p["amount"]) for p in data["allocation"]} == {
        ("master", world.ids.ama, 1), ("performance", world.ids.ama, 1)}
    assert body(client.get("/api/playlogs/review", headers=ops)) == []
    listed = client.get(f"/api/playlogs?stationId={world.station['stationId']}&chargeStatus=charged", headers=ops)
    assert listed.headers["X-Total-Count"] == "1"


def test_withdrawals_under_the_access_rules(client, world):
    ops, fin, ids = world.staff("ops"), world.h["finance"], world.ids
    plays = {"plays": [_play(h) for h in range(6, 16)] + [_play(h, "GHA0C2400002") for h in range(16, 22)]}
    assert body(client.post("/api/playlogs", json=plays, headers=ops))["charged"] == 16
    ask = {"requesterId": ids.ama, "amount": 12.5, "currency": "GHS", "idempotencyKey": "a-1"}
    resp = client.post("/api/withdrawals", json=ask, headers=world.h["ama"])
    assert resp.status_code == 201 and body(resp)["status"] == "pending"
    wid = body(resp)["withdrawalId"]
    assert client.post("/api/withdrawals", json=ask, headers=world.h["ama"]).status_code == 200  # same key: the first
    more = client.post("/api/withdrawals", json=ask | {"idempotencyKey": "a-2", "amount": 10}, headers=world.h["ama"])
    assert assert_error(more, 409)["errors"]["available"] == 7.5  # 20.00 less the pending 12.50
    refused = client.post("/api/withdrawals", json=ask | {"requesterId": ids.kofi}, headers=world.h["kofi"])
    reason = assert_error(refused, 403)["message"]
    assert ids.asante in reason and "publisher requests" in reason
    assert_error(client.post("/api/withdrawals", json=ask, headers=world.h["kofi"]), 403)  # not as someone else
    assert_error(client.post("/api/withdrawals", json=ask | {"amount": 0.001}, headers=world.h["ama"]), 422,
                 field="amount")
    assert_error(client.get(f"/api/withdrawals/{wid}", headers=world.h["kofi"]), 403)
    queue = client.get("/api/withdrawals?status=pending", headers=fin)
    assert queue.headers["X-Total-Count"] == "1"
    assert_error(client.post(f"/api/withdrawals/{wid}/approve", headers=ops), 403)
    approved = body(client.post(f"/api/withdrawals/{wid}/approve", headers=fin))
    assert (approved["status"], approved["transferStatus"], approved["amount"]) == ("processed", "requested", 12.5)
    assert [h["action"] for h in approved["history"]] == ["withdrawal.request", "withdrawal.approve",
                                                          "withdrawal.process"]
    again = assert_error(client.post(f"/api/withdrawals/{wid}/approve", headers=fin), 409)["errors"]
    assert again == {"status": "processed", "allowedTransitions": []}
    pub = client.post("/api/withdrawals", json={"requesterId": ids.asante, "forParticipantId": ids.kofi, "amount": 12,
                                                "currency": "GHS", "idempotencyKey": "p-1"}, headers=world.h["asante"])
    assert pub.status_code == 201, body(pub)
    rejected = client.post(f"/api/withdrawals/{body(pub)['withdrawalId']}/reject", json={"reason": "KYC missing"},
                           headers=fin)
    assert (body(rejected)["status"], body(rejected)["reason"]) == ("rejected", "KYC missing")
    unknown = client.post("/api/withdrawals/WDR-999999/reject", json={"reason": "x"}, headers=fin)
    assert assert_error(unknown, 404)["message"] == "unknown withdrawal WDR-999999"
    ents = {e["accountId"]: e for e in body(client.get(f"/api/pool/entitlements/{ids.ama}", headers=world.h["ama"]))}
    assert ents[f"ACC-POOL-{ids.ama}-GHS"]["available"] == 7.5
    assert_error(client.get(f"/api/pool/entitlements/{ids.ama}", headers=world.h["kofi"]), 403)


def test_pool_views_and_compliance_csv(client, world):
    ops = world.staff("ops")
    client.post("/api/playlogs", json={"plays": [_play(8), _play(9, "GHA0C2400003"), _play(10, None, title="zzz")]},
                headers=ops)
    summary = body(client.get("/api/pool?currency=GHS", headers=world.staff("viewer")))
    assert (summary["balance"], summary["unallocated"], summary["stations"], summary["deposited"],
            summary["balanced"]) == (4, 2, 996, 1000, True)
    moves = client.get("/api/pool/movements?currency=GHS", headers=ops)
    assert moves.headers["X-Total-Count"] == "2" and {m["kind"] for m in body(moves)} == {"play_charge"}
    assert sum(m["amount"] for m in body(moves)) == 4
    resp = client.get("/api/stations/compliance?since=2024-06-01&until=2024-07-01", headers=world.staff("viewer"))
    assert resp.status_code == 200 and resp.mimetype == "text/csv"
    [row] = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True))))
    assert {k: row[k] for k in ("stationId", "plays", "matched", "unmatched", "charged", "chargedAmount", "balance")} == {
        "stationId": world.station["stationId"], "plays": "3", "matched": "2", "unmatched": "1", "charged": "2",
        "chargedAmount": "4", "balance": "996"}
    assert_error(client.get("/api/stations/compliance?since=2024-07-01&until=2024-06-01", headers=ops), 422,
                 field="until", location="query")
