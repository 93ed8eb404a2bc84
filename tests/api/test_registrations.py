"""POST /api/registrations/pro, /api/registrations/soundexchange and GET /api/registrations/status:
REGISTERED_WITH edges, their transitions and audit trail, the status per society, the Money Hub flag."""
from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, relation_body, token


def created(post_json, url: str, payload: dict) -> dict:
    resp = post_json(url, payload)
    assert resp.status_code == 201, body(resp)
    return body(resp)


@pytest.fixture
def repertoire(graph, post_json, make_participant):
    """A US writer (no membership) with 100 % of a work's performance right, a Ghanaian writer who
    is a member of GHAMRO with the work's mechanical right, and an artist who owns the master of
    the work's recording and performs on a second recording (societies: the seeded ones)."""
    writer = make_participant("US Writer", "writer", country="US")["participantId"]
    member = make_participant("GH Writer", "writer", country="GH")["participantId"]
    artist = make_participant("Artist", country="GB")["participantId"]
    work = created(post_json, "/api/works", {"title": "Song", "iswc": "T0345246801"})["workId"]
    rec = created(post_json, "/api/recordings", {"title": "Song", "isrc": "GBAYE2400001", "workId": work})
    guest = created(post_json, "/api/recordings", {"title": "Guest Spot", "isrc": "GBAYE2400002",
                                                   "performers": [{"participantId": artist, "role": "featured"}]})
    for payload in (relation_body(writer, work, "performance", 100),
                    relation_body(member, work, "mechanical", 100),
                    relation_body(artist, rec["recordingId"], "master", 100)):
        assert post_json("/api/rights/relations", payload).status_code == 201
    graph.execute_query("MATCH (p:Participant {participantId: $pid}), (s:Society {code: 'GHAMRO'}) "
                        "CREATE (p)-[:MEMBER_OF {validFrom: date('2015-01-01')}]->(s)", pid=member)
    return SimpleNamespace(writer=writer, member=member, artist=artist, work=work, recording=rec["recordingId"],
                           guest=guest["recordingId"])


def registrations_in_graph(graph) -> list[dict]:
    records, _, _ = graph.execute_query(
        "MATCH (a)-[r:REGISTERED_WITH]->(s:Society) "
        "RETURN coalesce(a.workId, a.recordingId) AS asset, s.code AS society, r.status AS status, "
        "r.reference AS reference, r.by AS by ORDER BY asset, society")
    return [r.data() for r in records]


def audit_trail(graph, entity_id: str) -> list[dict]:
    records, _, _ = graph.execute_query(
        "MATCH (a:AuditEvent {entityId: $id}) WHERE a.action STARTS WITH 'registration.' "
        "RETURN a.action AS action, a.actor AS actor, a.before AS before, a.after AS after ORDER BY a.auditId",
        id=entity_id)
    return [{**r.data(), "before": json.loads(r["before"]) if r["before"] else None,
             "after": json.loads(r["after"])} for r in records]


# -- POST /api/registrations/pro -------------------------------------------------------------

def test_a_work_moves_from_pending_to_registered_and_every_move_is_audited(post_json, graph, repertoire):
    first = post_json("/api/registrations/pro", {"workId": repertoire.work, "societyCode": "ascap",
                                                 "reference": "ASCAP-881"})
    data = body(first)
    assert first.status_code == 201, data
    assert (data["assetId"], data["assetKind"], data["societyCode"], data["status"]) == (
        repertoire.work, "work", "ASCAP", "pending")
    assert (data["previousStatus"], data["created"], data["changed"], data["by"]) == (None, True, True, "admin-user")
    assert data["submittedAt"] and data["registeredAt"] is None

    again = post_json("/api/registrations/pro", {"workId": repertoire.work, "societyCode": "ASCAP"})
    assert again.status_code == 200
    assert (body(again)["changed"], body(again)["status"], body(again)["reference"]) == (False, "pending", "ASCAP-881")

    done = body(post_json("/api/registrations/pro", {"workId": repertoire.work, "societyCode": "ASCAP",
                                                     "status": "registered"}, role="ops"))
    assert (done["status"], done["previousStatus"], done["by"], done["changed"]) == ("registered", "pending",
                                                                                     "ops-user", True)
    assert done["registeredAt"] >= done["submittedAt"]

    assert registrations_in_graph(graph) == [{"asset": repertoire.work, "society": "ASCAP", "status": "registered",
                                              "reference": "ASCAP-881", "by": "ops-user"}]
    assert audit_trail(graph, repertoire.work) == [
        {"action": "registration.pending", "actor": "admin-user", "before": None,
         "after": {"societyCode": "ASCAP", "status": "pending", "reference": "ASCAP-881"}},
        {"action": "registration.registered", "actor": "ops-user",
         "before": {"societyCode": "ASCAP", "status": "pending", "reference": "ASCAP-881"},
         "after": {"societyCode": "ASCAP", "status": "registered", "reference": "ASCAP-881"}}]


def test_a_registered_work_cannot_go_back_to_pending(post_json, graph, repertoire):
    for status in ("pending", "registered"):
        post_json("/api/registrations/pro", {"workId": repertoire.work, "societyCode": "BMI", "status": status})
    data = assert_error(post_json("/api/registrations/pro", {"workId": repertoire.work, "societyCode": "BMI",
                                                             "status": "pending"}), 422, field="status")
    assert "registered registration cannot become pending" in data["errors"]["json"]["status"][0]
    assert [r["status"] for r in registrations_in_graph(graph)] == ["registered"]
    assert len(audit_trail(graph, repertoire.work)) == 2


def test_a_rejected_registration_may_be_submitted_again(post_json, repertoire):
    steps = [body(post_json("/api/registrations/pro", {"workId": repertoire.work, "societyCode": "PRS",
                                                       "status": status}))
             for status in ("pending", "rejected", "pending", "registered")]
    assert [(s["previousStatus"], s["status"]) for s in steps] == [
        (None, "pending"), ("pending", "rejected"), ("rejected", "pending"), ("pending", "registered")]
    assert steps[1]["rejectedAt"] is not None


def test_skipping_pending_is_422_and_writes_nothing(post_json, graph, repertoire):
    assert_error(post_json("/api/registrations/pro", {"workId": repertoire.work, "societyCode": "BMI",
                                                      "status": "registered"}), 422, field="status")
    assert registrations_in_graph(graph) == []
    assert audit_trail(graph, repertoire.work) == []


def test_recording_not_registered_explicitly_then_submitted(post_json, repertoire):
    first = post_json("/api/registrations/soundexchange", {"recordingId": repertoire.recording,
                                                           "status": "not_registered"})
    assert first.status_code == 201 and body(first)["status"] == "not_registered"
    assert body(post_json("/api/registrations/soundexchange", {"recordingId": repertoire.recording}))[
        "previousStatus"] == "not_registered"


def test_every_bad_reference_is_listed_at_once(post_json, graph, repertoire):
    data = assert_error(post_json("/api/registrations/pro", {"workId": "WRK-999999", "societyCode": "NOPE"}), 422)
    assert set(data["errors"]["json"]) == {"workId", "societyCode"}
    assert "WRK-999999" in data["errors"]["json"]["workId"][0]
    assert "NOPE" in data["errors"]["json"]["societyCode"][0]
    assert registrations_in_graph(graph) == []


def test_a_recording_is_not_a_work_and_soundexchange_does_not_register_works(post_json, repertoire):
    data = assert_error(post_json("/api/registrations/pro", {"workId": repertoire.recording, "societyCode": "SX"}),
                        422)
    assert set(data["errors"]["json"]) == {"workId", "societyCode"}
    assert "NRO" in data["errors"]["json"]["societyCode"][0]


@pytest.mark.parametrize("payload, field", [
    ({"societyCode": "BMI"}, "workId"),
    ({"workId": "WRK-000001"}, "societyCode"),
    ({"workId": "WRK-000001", "societyCode": "BMI", "status": "approved"}, "status"),
    ({"workId": "WRK-000001", "societyCode": "BMI", "reference": ""}, "reference"),
])
def test_malformed_pro_body_is_422_on_the_field(post_json, payload, field):
    assert_error(post_json("/api/registrations/pro", payload), 422, field=field)


def test_a_viewer_cannot_register(post_json, repertoire):
    assert_error(post_json("/api/registrations/pro", {"workId": repertoire.work, "societyCode": "BMI"},
                           role="viewer"), 403)


# -- POST /api/registrations/soundexchange ---------------------------------------------------

def test_soundexchange_registration_of_a_recording(post_json, graph, repertoire):
    data = created(post_json, "/api/registrations/soundexchange", {"recordingId": repertoire.recording,
                                                                   "reference": "SX-77"})
    assert (data["assetKind"], data["societyCode"], data["status"], data["reference"]) == (
        "recording", "SX", "pending", "SX-77")
    assert registrations_in_graph(graph) == [{"asset": repertoire.recording, "society": "SX", "status": "pending",
                                              "reference": "SX-77", "by": "admin-user"}]


def test_soundexchange_of_a_work_is_422_on_recording_id(post_json, repertoire):
    assert_error(post_json("/api/registrations/soundexchange", {"recordingId": repertoire.work}), 422,
                 field="recordingId")


def test_soundexchange_missing_from_the_graph_is_404(post_json, graph):
    graph.execute_query("MATCH (s:Society {code: 'SX'}) DETACH DELETE s")
    rec = created(post_json, "/api/recordings", {"title": "Lonely"})["recordingId"]
    data = assert_error(post_json("/api/registrations/soundexchange", {"recordingId": rec}), 404)
    assert "SX" in data["message"]


# -- GET /api/registrations/status -----------------------------------------------------------

def status_of(client, headers, pid: str, as_of: str | None = None):
    url = f"/api/registrations/status?participantId={pid}" + (f"&asOf={as_of}" if as_of else "")
    return client.get(url, headers=headers)


def rows(data: dict) -> list[tuple]:
    return [(r["assetId"], r["societyCode"], r["basis"], r["status"], r["rejected"]) for r in data["registrations"]]


def test_status_per_work_and_society(client, auth, post_json, repertoire):
    # The US writer has no membership: the US PROs (ASCAP, BMI, GMR, SESAC), not the MLC (an MRO).
    post_json("/api/registrations/pro", {"workId": repertoire.work, "societyCode": "BMI"})
    for status in ("pending", "rejected"):
        post_json("/api/registrations/pro", {"workId": repertoire.work, "societyCode": "ASCAP", "status": status})
    data = body(status_of(client, auth("viewer"), repertoire.writer))
    assert data["participantId"] == repertoire.writer
    assert rows(data) == [(repertoire.work, "ASCAP", "country", "not_registered", True),
                          (repertoire.work, "BMI", "country", "pending", False),
                          (repertoire.work, "GMR", "country", "not_registered", False),
                          (repertoire.work, "SESAC", "country", "not_registered", False)]
    assert data["hasMissingRegistrations"] is True
    bmi = data["registrations"][1]
    assert (bmi["assetKind"], bmi["title"], bmi["code"], bmi["societyName"]) == (
        "work", "Song", "T-034.524.680-1", "Broadcast Music, Inc.")
    assert bmi["submittedAt"] and bmi["registeredAt"] is None

    # The Ghanaian writer is a member of GHAMRO: that society only.
    member = body(status_of(client, auth("viewer"), repertoire.member))
    assert rows(member) == [(repertoire.work, "GHAMRO", "membership", "not_registered", False)]


def test_status_of_recordings_owned_or_performed_is_soundexchange(client, auth, post_json, repertoire):
    data = body(status_of(client, auth("viewer"), repertoire.artist))
    assert sorted(rows(data)) == sorted([(repertoire.recording, "SX", "standard", "not_registered", False),
                                         (repertoire.guest, "SX", "standard", "not_registered", False)])
    for rec in (repertoire.recording, repertoire.guest):
        for status in ("pending", "registered"):
            post_json("/api/registrations/soundexchange", {"recordingId": rec, "status": status})
    data = body(status_of(client, auth("viewer"), repertoire.artist))
    assert {r["status"] for r in data["registrations"]} == {"registered"}
    assert data["hasMissingRegistrations"] is False


def test_status_follows_ownership_in_time(client, auth, post_json, make_participant):
    seller = make_participant("Seller", "writer", country="GB")["participantId"]
    work = created(post_json, "/api/works", {"title": "Sold"})["workId"]
    post_json("/api/rights/relations", relation_body(seller, work, "performance", 100, validTo="2024-07-01"))
    assert rows(body(status_of(client, auth("viewer"), seller, "2024-06-30"))) == [
        (work, "PRS", "country", "not_registered", False)]
    after = body(status_of(client, auth("viewer"), seller, "2024-07-01"))
    assert (after["registrations"], after["hasMissingRegistrations"]) == ([], False)


def test_status_access_and_errors(client, auth, artist, graph):
    assert status_of(client, artist.headers, artist.own).status_code == 200
    assert_error(status_of(client, artist.headers, artist.other), 403)
    assert_error(status_of(client, auth("viewer"), "PART-999999"), 404)
    assert_error(client.get("/api/registrations/status", headers=auth("viewer")), 422, field="participantId",
                 location="query")


def test_money_hub_flag_follows_the_registrations(client, post_json, repertoire):
    create_user("the-artist", PASSWORD, "participant", repertoire.artist)
    headers = bearer(token(client, "the-artist"))

    def flag():
        resp = client.get(f"/api/money/hub/{repertoire.artist}", headers=headers)
        assert resp.status_code == 200, body(resp)
        return body(resp)["flags"]["hasMissingRegistrations"]

    assert flag() is True
    for rec in (repertoire.recording, repertoire.guest):
        post_json("/api/registrations/soundexchange", {"recordingId": rec})
    assert flag() is False  # submitted (pending) is not missing
    post_json("/api/registrations/soundexchange", {"recordingId": repertoire.guest, "status": "rejected"})
    assert flag() is True
