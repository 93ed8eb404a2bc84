"""Works, recordings and releases over the API: GET one and list (pagination, filters), PATCH
(audited before → after), POST /api/releases, identifier validation with check digits on every
write path (422 naming the field and the rule) and duplicates across entities (409)."""
from __future__ import annotations

import json

import pytest

from tests.api.helpers import ISWC_BAD_CHECK, ISWC_COMPACT, ISWC_DISPLAY, IPI_VALID, assert_error, body, relation_body

UPC_A = "036000291452"
EAN_13 = "4006381333931"
ISRC = "USUM71804501"


def create(post_json, url: str, payload: dict) -> dict:
    resp = post_json(url, payload)
    assert resp.status_code == 201, body(resp)
    return body(resp)


def get(client, auth, url: str):
    resp = client.get(url, headers=auth("viewer"))
    assert resp.status_code == 200, body(resp)
    return resp, body(resp)


def patch(client, auth, url: str, payload: dict, role: str = "admin"):
    return client.patch(url, json=payload, headers=auth(role))


def audit_changes(graph, entity_id: str, action: str) -> list[tuple[dict, dict]]:
    records, _, _ = graph.execute_query("MATCH (a:AuditEvent {entityId: $id, action: $action}) "
                                        "RETURN a.before AS b, a.after AS f ORDER BY a.auditId", id=entity_id, action=action)
    return [(json.loads(r["b"]), json.loads(r["f"])) for r in records]


# -- identifier validation on every write path ---------------------------------------------

@pytest.fixture
def targets(post_json):
    """One work, recording and release to PATCH."""
    return {"works": create(post_json, "/api/works", {"title": "W"})["workId"],
            "recordings": create(post_json, "/api/recordings", {"title": "R"})["recordingId"],
            "releases": create(post_json, "/api/releases", {"title": "L"})["releaseId"]}


BAD_IDENTIFIERS = [
    ("works", {"title": "W", "iswc": ISWC_BAD_CHECK}, "iswc", "invalid ISWC: check digit must be 1 (ISO 15707)"),
    ("works", {"title": "W", "iswc": "T12345"}, "iswc", "invalid ISWC: must be T followed by 10 digits (ISO 15707)"),
    ("recordings", {"title": "R", "isrc": "USUM7180450A"}, "isrc",
     "invalid ISRC: must be CC + 3 alphanumerics + YY + 5 digits (ISO 3901)"),
    ("releases", {"title": "L", "upc": "036000291453"}, "upc", "invalid UPC: check digit must be 2 (GS1 mod 10)"),
    ("releases", {"title": "L", "upc": "4006381333932"}, "upc", "invalid UPC: check digit must be 1 (GS1 mod 10)"),
    ("releases", {"title": "L", "upc": "12345"}, "upc", "invalid UPC: must be 12 (UPC-A) or 13 (EAN-13) digits"),
]


@pytest.mark.parametrize(("kind", "payload", "field", "rule"), BAD_IDENTIFIERS)
def test_bad_identifier_on_create_is_422_naming_field_and_rule(post_json, graph, kind, payload, field, rule):
    data = assert_error(post_json(f"/api/{kind}", payload), 422, field=field)
    assert data["errors"]["json"] == {field: [rule]}
    records, _, _ = graph.execute_query("MATCH (n) WHERE n:Work OR n:Recording OR n:Release RETURN count(n) AS n")
    assert records[0]["n"] == 0


@pytest.mark.parametrize(("kind", "payload", "field", "rule"), BAD_IDENTIFIERS)
def test_bad_identifier_on_patch_is_422_naming_field_and_rule(client, auth, graph, targets, kind, payload, field, rule):
    data = assert_error(patch(client, auth, f"/api/{kind}/{targets[kind]}", {field: payload[field]}), 422, field=field)
    assert data["errors"]["json"] == {field: [rule]}
    records, _, _ = graph.execute_query("MATCH (a:AuditEvent) WHERE a.action ENDS WITH '.update' RETURN count(a) AS n")
    assert records[0]["n"] == 0


@pytest.mark.parametrize(("kind", "field", "first", "same_again"), [
    ("works", "iswc", ISWC_DISPLAY, ISWC_COMPACT), ("recordings", "isrc", ISRC, "us-um7-18-04501"),
    ("releases", "upc", UPC_A, "0 36000 29145 2"), ("releases", "upc", EAN_13, "4-006381-333931")])
def test_duplicate_identifier_is_409_on_create_and_patch(client, auth, post_json, targets, kind, field, first, same_again):
    holder = create(post_json, f"/api/{kind}", {"title": "Holder", field: first})
    id_key = {"works": "workId", "recordings": "recordingId", "releases": "releaseId"}[kind]
    created = assert_error(post_json(f"/api/{kind}", {"title": "Copy", field: same_again}), 409)
    assert created["errors"]["existingId"] == holder[id_key]
    patched = assert_error(patch(client, auth, f"/api/{kind}/{targets[kind]}", {field: same_again}), 409)
    assert patched["errors"]["existingId"] == holder[id_key]
    # the holder itself may be sent its own identifier: not a duplicate
    own = patch(client, auth, f"/api/{kind}/{holder[id_key]}", {field: same_again, "title": "Renamed"})
    assert own.status_code == 200, body(own)
    assert (body(own)[field], body(own)["title"]) == (holder[field], "Renamed")


def test_unknown_entity_is_404_on_get_and_patch(client, auth):
    for url in ("/api/works/WRK-999999", "/api/recordings/REC-999999", "/api/releases/REL-999999"):
        assert "999999" in assert_error(client.get(url, headers=auth("viewer")), 404)["message"]
        assert_error(patch(client, auth, url, {"title": "X"}), 404)


def test_viewer_cannot_patch_or_create(client, auth, post_json, targets):
    assert_error(patch(client, auth, f"/api/works/{targets['works']}", {"title": "X"}, role="viewer"), 403)
    assert_error(post_json("/api/releases", {"title": "X"}, role="viewer"), 403)


# -- works ---------------------------------------------------------------------------------

@pytest.fixture
def published_work(post_json, make_participant):
    """A work written by Ama (IPI) and Kojo 50/50 with Ama's publisher holding the publisher
    share; on 2024-07-01 the publisher's performance slice passes to a buyer."""
    work = create(post_json, "/api/works", {"title": "Odo", "iswc": ISWC_COMPACT, "alternateTitles": ["Love"]})["workId"]
    ama = make_participant("Ama", "writer", identifiers=[{"scheme": "IPI", "value": IPI_VALID}])["participantId"]
    kojo = make_participant("Kojo", "writer")["participantId"]
    pub = make_participant("Pub", "publisher")["participantId"]
    buyer = make_participant("Buyer", "publisher")["participantId"]
    for pid, right, share, role, extra in (
            (ama, "performance", 25, "writer", {}), (kojo, "performance", 25, "writer", {}),
            (pub, "performance", 50, "publisher", {"validTo": "2024-07-01"}),
            (buyer, "performance", 50, "publisher", {"valid_from": "2024-07-01"}),
            (ama, "mechanical", 50, "writer", {"territories": ["GH"]}), (pub, "mechanical", 50, "publisher", {})):
        resp = post_json("/api/rights/relations", relation_body(pid, work, right, share, role=role, **extra))
        assert resp.status_code == 201, body(resp)
    return work, ama, kojo, pub, buyer


def test_work_writers_and_publishers_at_a_date(client, auth, post_json, published_work):
    work, ama, kojo, pub, buyer = published_work
    recording = create(post_json, "/api/recordings", {"title": "Odo", "workId": work})["recordingId"]
    _, before = get(client, auth, f"/api/works/{work}?asOf=2024-06-30")
    assert {k: before[k] for k in ("workId", "title", "iswc", "alternateTitles", "recordingIds", "asOf")} == {
        "workId": work, "title": "Odo", "iswc": ISWC_DISPLAY, "alternateTitles": ["Love"], "recordingIds": [recording],
        "asOf": "2024-06-30"}
    assert before["writers"] == [
        {"participantId": ama, "name": "Ama", "ipi": IPI_VALID, "shares": [
            {"rightType": "mechanical", "share": 50, "territories": ["GH"], "excluded": [], "validFrom": "2020-01-01",
             "validTo": None, "agreementId": None},
            {"rightType": "performance", "share": 25, "territories": ["WORLD"], "excluded": [],
             "validFrom": "2020-01-01", "validTo": None, "agreementId": None}]},
        {"participantId": kojo, "name": "Kojo", "ipi": None, "shares": [
            {"rightType": "performance", "share": 25, "territories": ["WORLD"], "excluded": [],
             "validFrom": "2020-01-01", "validTo": None, "agreementId": None}]}]
    assert [(p["participantId"], [(s["rightType"], s["share"], s["validTo"]) for s in p["shares"]])
            for p in before["publishers"]] == [(pub, [("mechanical", 50, None), ("performance", 50, "2024-07-01")])]
    _, after = get(client, auth, f"/api/works/{work}?asOf=2024-07-01")
    assert after["writers"] == before["writers"]
    assert [(p["participantId"], [s["rightType"] for s in p["shares"]]) for p in after["publishers"]] == [
        (pub, ["mechanical"]), (buyer, ["performance"])]
    _, early = get(client, auth, f"/api/works/{work}?asOf=2019-12-31")
    assert (early["writers"], early["publishers"]) == ([], [])


def test_owner_role_slices_are_neither_writers_nor_publishers(client, auth, post_json, make_participant):
    work = create(post_json, "/api/works", {"title": "X"})["workId"]
    owner = make_participant("Owner")["participantId"]
    post_json("/api/rights/relations", relation_body(owner, work, "performance", 100))
    _, data = get(client, auth, f"/api/works/{work}")
    assert (data["writers"], data["publishers"]) == ([], [])


@pytest.fixture
def works(post_json):
    """Five works in id order."""
    return [create(post_json, "/api/works", payload)["workId"] for payload in (
        {"title": "Kokooko"}, {"title": "Odo", "iswc": ISWC_COMPACT}, {"title": "Ye Ko", "alternateTitles": ["KOKO Remix"]},
        {"title": "Sika"}, {"title": "Akwaaba"})]


@pytest.mark.parametrize(("query", "expected", "total"), [
    ("", [0, 1, 2, 3, 4], 5), ("pageSize=2&page=2", [2, 3], 5), ("pageSize=2&page=4", [], 5),
    ("title=koko", [0, 2], 2), ("title=KO&pageSize=1&page=2", [2], 2), (f"iswc={ISWC_DISPLAY}", [1], 1),
    (f"iswc={ISWC_COMPACT}&title=odo", [1], 1), ("iswc=T-000.000.001-0&title=odo", [], 0)])
def test_work_list_pagination_and_filters(client, auth, works, query, expected, total):
    resp, rows = get(client, auth, f"/api/works?{query}")
    assert [w["workId"] for w in rows] == [works[i] for i in expected]
    assert resp.headers["X-Total-Count"] == str(total)


def test_work_list_with_a_bad_iswc_is_422_naming_the_rule(client, auth):
    data = assert_error(client.get(f"/api/works?iswc={ISWC_BAD_CHECK}", headers=auth("viewer")), 422, field="iswc",
                        location="query")
    assert data["errors"]["query"]["iswc"] == ["invalid ISWC: check digit must be 1 (ISO 15707)"]


def test_patch_work_is_audited(client, auth, graph, post_json):
    work = create(post_json, "/api/works", {"title": "Odo", "iswc": ISWC_COMPACT})["workId"]
    resp = patch(client, auth, f"/api/works/{work}", {"title": "Odo (Love)", "iswc": None, "alternateTitles": ["Odo"]})
    data = body(resp)
    assert resp.status_code == 200, data
    assert (data["title"], data["iswc"], data["alternateTitles"]) == ("Odo (Love)", None, ["Odo"])
    assert audit_changes(graph, work, "work.update") == [
        ({"title": "Odo", "iswc": ISWC_DISPLAY, "alternateTitles": []},
         {"title": "Odo (Love)", "iswc": None, "alternateTitles": ["Odo"]})]
    # the ISWC it gave up is free for another work
    create(post_json, "/api/works", {"title": "Other", "iswc": ISWC_DISPLAY})
    # a PATCH that changes nothing writes nothing
    assert patch(client, auth, f"/api/works/{work}", {"title": "Odo (Love)"}).status_code == 200
    assert len(audit_changes(graph, work, "work.update")) == 1


# -- recordings ----------------------------------------------------------------------------

@pytest.fixture
def cast(make_participant):
    return {name: make_participant(name)["participantId"] for name in ("Main", "Feat", "Session", "Label")}


def test_recording_performers_owners_and_releases(client, auth, post_json, cast):
    work = create(post_json, "/api/works", {"title": "Song"})["workId"]
    rec = create(post_json, "/api/recordings", {
        "title": "Song", "isrc": ISRC, "version": "Radio Edit", "durationSeconds": 201, "workId": work,
        "performers": [{"participantId": cast["Session"], "role": "non_featured"},
                       {"participantId": cast["Feat"], "role": "featured"},
                       {"participantId": cast["Main"], "role": "primary"}]})["recordingId"]
    for pid, share, extra in ((cast["Main"], 100, {"validTo": "2024-01-01"}),
                              (cast["Main"], 20, {"valid_from": "2024-01-01"}),
                              (cast["Label"], 80, {"valid_from": "2024-01-01", "agreementId": "AGR-000001"})):
        assert post_json("/api/rights/relations", relation_body(pid, rec, "master", share, **extra)).status_code == 201
    release = create(post_json, "/api/releases", {"title": "Single", "upc": UPC_A, "tracks": [
        {"recordingId": rec, "trackNumber": 1}]})["releaseId"]

    _, data = get(client, auth, f"/api/recordings/{rec}?asOf=2023-12-31")
    assert data["performers"] == [{"participantId": cast["Main"], "name": "Main", "role": "primary"},
                                  {"participantId": cast["Feat"], "name": "Feat", "role": "featured"},
                                  {"participantId": cast["Session"], "name": "Session", "role": "non_featured"}]
    assert (data["isrc"], data["version"], data["durationSeconds"], data["workId"]) == (ISRC, "Radio Edit", 201, work)
    assert data["releases"] == [{"releaseId": release, "title": "Single", "upc": UPC_A, "trackNumber": 1}]
    assert data["soundRecordingOwners"] == [
        {"participantId": cast["Main"], "name": "Main", "share": 100, "territories": ["WORLD"], "excluded": [],
         "validFrom": "2020-01-01", "validTo": "2024-01-01", "agreementId": None}]
    _, later = get(client, auth, f"/api/recordings/{rec}?asOf=2024-01-01")
    assert [(o["participantId"], o["share"], o["agreementId"]) for o in later["soundRecordingOwners"]] == [
        (cast["Main"], 20, None), (cast["Label"], 80, "AGR-000001")]


@pytest.fixture
def recordings(post_json, cast):
    """Four recordings in id order: Main performs on 0 and 2, Label owns the master of 3;
    1 and 2 record the same work."""
    work = create(post_json, "/api/works", {"title": "Shared"})["workId"]
    ids = [create(post_json, "/api/recordings", payload)["recordingId"] for payload in (
        {"title": "Sunrise", "isrc": "GHA0C2400001", "performers": [{"participantId": cast["Main"]}]},
        {"title": "Sunset", "isrc": "GHA0C2400002", "workId": work},
        {"title": "Sunrise (Live)", "workId": work, "performers": [{"participantId": cast["Main"], "role": "featured"}]},
        {"title": "Rain"})]
    assert post_json("/api/rights/relations", relation_body(cast["Label"], ids[3], "master", 100, validTo="2021-01-01")
                     ).status_code == 201
    return ids, work


@pytest.mark.parametrize(("query", "expected", "total"), [
    ("", [0, 1, 2, 3], 4), ("pageSize=3&page=2", [3], 4), ("title=sunrise", [0, 2], 2), ("isrc=gh-a0c-24-00002", [1], 1),
    ("title=sun&pageSize=1&page=3", [2], 3), ("participantId={Main}", [0, 2], 2), ("participantId={Label}", [3], 1),
    ("workId={work}", [1, 2], 2), ("workId={work}&participantId={Main}", [2], 1), ("participantId=PART-999999", [], 0)])
def test_recording_list_pagination_and_filters(client, auth, cast, recordings, query, expected, total):
    ids, work = recordings
    resp, rows = get(client, auth, "/api/recordings?" + query.format(work=work, **cast))
    assert [r["recordingId"] for r in rows] == [ids[i] for i in expected]
    assert resp.headers["X-Total-Count"] == str(total)


def test_recording_list_with_a_bad_isrc_is_422(client, auth):
    data = assert_error(client.get("/api/recordings?isrc=XX", headers=auth("viewer")), 422, field="isrc",
                        location="query")
    assert data["errors"]["query"]["isrc"] == ["invalid ISRC: must be CC + 3 alphanumerics + YY + 5 digits (ISO 3901)"]


def test_patch_recording_replaces_performers_and_work_and_is_audited(client, auth, graph, post_json, cast, recordings):
    ids, work = recordings
    resp = patch(client, auth, f"/api/recordings/{ids[0]}", {
        "title": "Sunrise (Remastered)", "durationSeconds": 215, "workId": work,
        "performers": [{"participantId": cast["Feat"], "role": "featured"}, {"participantId": cast["Main"]}]})
    data = body(resp)
    assert resp.status_code == 200, data
    assert (data["title"], data["durationSeconds"], data["workId"], data["isrc"]) == (
        "Sunrise (Remastered)", 215, work, "GHA0C2400001")
    assert [(p["participantId"], p["role"]) for p in data["performers"]] == [(cast["Main"], "primary"),
                                                                             (cast["Feat"], "featured")]
    [(before, after)] = audit_changes(graph, ids[0], "recording.update")
    assert before == {"title": "Sunrise", "durationSeconds": None, "workId": None,
                      "performers": [{"participantId": cast["Main"], "role": "primary"}]}
    assert after == {"title": "Sunrise (Remastered)", "durationSeconds": 215, "workId": work,
                     "performers": sorted([{"participantId": cast["Main"], "role": "primary"},
                                           {"participantId": cast["Feat"], "role": "featured"}],
                                          key=lambda p: p["participantId"])}
    unlinked = body(patch(client, auth, f"/api/recordings/{ids[0]}", {"workId": None, "performers": []}))
    assert (unlinked["workId"], unlinked["performers"]) == (None, [])


def test_patch_recording_with_unknown_references_is_422_listing_all(client, auth, graph, cast, recordings):
    ids, _ = recordings
    data = assert_error(patch(client, auth, f"/api/recordings/{ids[0]}", {
        "workId": "WRK-999999", "performers": [{"participantId": cast["Main"]}, {"participantId": "PART-999999"}]}), 422)
    assert data["errors"]["json"] == {"workId": ["unknown work WRK-999999"],
                                      "performers": {"1": {"participantId": ["unknown participant PART-999999"]}}}
    assert audit_changes(graph, ids[0], "recording.update") == []


def test_performer_listed_twice_is_422(post_json, cast):
    data = assert_error(post_json("/api/recordings", {"title": "X", "performers": [
        {"participantId": cast["Main"]}, {"participantId": cast["Main"], "role": "featured"}]}), 422, field="performers")
    assert data["errors"]["json"]["performers"] == [f"participant listed more than once: {cast['Main']}"]


# -- releases ------------------------------------------------------------------------------

def test_create_and_get_a_release(client, auth, post_json, recordings):
    ids, _ = recordings
    data = create(post_json, "/api/releases", {
        "title": "Sun EP", "upc": "0 36000 29145 2", "releaseDate": "2024-05-17", "territories": ["GH", "NG"],
        "tracks": [{"recordingId": ids[1], "trackNumber": 2}, {"recordingId": ids[0], "trackNumber": 1}]})
    assert data == {"releaseId": data["releaseId"], "title": "Sun EP", "upc": UPC_A, "releaseDate": "2024-05-17",
                    "territories": ["GH", "NG"], "tracks": [
                        {"trackNumber": 1, "recordingId": ids[0], "title": "Sunrise", "isrc": "GHA0C2400001"},
                        {"trackNumber": 2, "recordingId": ids[1], "title": "Sunset", "isrc": "GHA0C2400002"}]}
    assert data["releaseId"] == "REL-000001"
    _, again = get(client, auth, f"/api/releases/{data['releaseId']}")
    assert again == data


def test_release_defaults_to_world_and_takes_an_ean_13(post_json):
    data = create(post_json, "/api/releases", {"title": "Album", "upc": EAN_13})
    assert (data["upc"], data["territories"], data["tracks"], data["releaseDate"]) == (EAN_13, ["WORLD"], [], None)


@pytest.mark.parametrize(("payload", "errors"), [
    ({"title": "X", "tracks": [{"recordingId": "REC-999999", "trackNumber": 1}]},
     {"tracks": {"0": {"recordingId": ["unknown recording REC-999999"]}}}),
    ({"title": "X", "territories": ["ZZ"]}, None),
    ({"title": "X", "tracks": [{"recordingId": "REC-1", "trackNumber": 1}, {"recordingId": "REC-1", "trackNumber": 1}]},
     {"tracks": ["recording listed more than once: REC-1", "track number listed more than once: 1"]}),
    ({"title": "X", "tracks": [{"recordingId": "REC-1", "trackNumber": 0}]}, None),
    ({"upc": UPC_A}, {"title": ["Missing data for required field."]}),
])
def test_bad_release_is_422_and_writes_nothing(post_json, graph, payload, errors):
    data = assert_error(post_json("/api/releases", payload), 422)
    if errors is not None:
        assert data["errors"]["json"] == errors
    else:
        assert set(data["errors"]["json"]) == {"territories" if "territories" in payload else "tracks"}
    records, _, _ = graph.execute_query("MATCH (x:Release) RETURN count(x) AS n")
    assert records[0]["n"] == 0


def test_release_list_and_patch(client, auth, graph, post_json, recordings):
    ids, _ = recordings
    first = create(post_json, "/api/releases", {"title": "Sun EP", "upc": UPC_A,
                                                "tracks": [{"recordingId": ids[0], "trackNumber": 1}]})["releaseId"]
    second = create(post_json, "/api/releases", {"title": "Rain Single", "upc": EAN_13,
                                                 "tracks": [{"recordingId": ids[3], "trackNumber": 1}]})["releaseId"]
    for query, expected in ((f"upc={UPC_A}", [first]), ("upc=4-006381-333931", [second]), ("title=single", [second]),
                            (f"recordingId={ids[3]}", [second]), ("pageSize=1&page=2", [second]), ("", [first, second])):
        resp, rows = get(client, auth, f"/api/releases?{query}")
        assert [r["releaseId"] for r in rows] == expected, query
        assert resp.headers["X-Total-Count"] == str(2 if query in ("", "pageSize=1&page=2") else 1)
    assert_error(client.get("/api/releases?upc=036000291453", headers=auth("viewer")), 422, field="upc", location="query")

    resp = patch(client, auth, f"/api/releases/{first}", {
        "releaseDate": "2024-08-02", "territories": ["WORLD"],
        "tracks": [{"recordingId": ids[1], "trackNumber": 1}, {"recordingId": ids[0], "trackNumber": 2}]})
    data = body(resp)
    assert resp.status_code == 200, data
    assert data["releaseDate"] == "2024-08-02"
    assert [(t["trackNumber"], t["recordingId"]) for t in data["tracks"]] == [(1, ids[1]), (2, ids[0])]
    [(before, after)] = audit_changes(graph, first, "release.update")
    assert before == {"releaseDate": None, "tracks": [{"recordingId": ids[0], "trackNumber": 1}]}
    assert after == {"releaseDate": "2024-08-02", "tracks": [{"recordingId": ids[1], "trackNumber": 1},
                                                             {"recordingId": ids[0], "trackNumber": 2}]}
    dropped = body(patch(client, auth, f"/api/releases/{first}", {"tracks": [{"recordingId": ids[1], "trackNumber": 1}]}))
    assert [t["recordingId"] for t in dropped["tracks"]] == [ids[1]]
    _, still = get(client, auth, f"/api/recordings/{ids[0]}")
    assert still["recordingId"] == ids[0] and still["releases"] == []
