"""POST /api/works, /api/recordings, /api/rights/relations and GET /api/rights/graph/{id}."""
from __future__ import annotations

import re

import pytest

from tests.api.helpers import (
    ISWC_BAD_CHECK,
    ISWC_COMPACT,
    ISWC_DISPLAY,
    assert_error,
    body,
    relation_body,
)



def create(post_json, url: str, payload: dict) -> dict:
    resp = post_json(url, payload)
    assert resp.status_code == 201, body(resp)
    return body(resp)


# -- works ---------------------------------------------------------------------------------

def test_create_work_normalizes_the_iswc(post_json):
    data = create(post_json, "/api/works", {"title": "Block Talk", "iswc": ISWC_COMPACT,
                                             "alternateTitles": ["Blok Talk"]})
    assert re.fullmatch(r"WRK-\d{6}", data["workId"])
    assert data["iswc"] == ISWC_DISPLAY
    assert data["title"] == "Block Talk"
    assert data["alternateTitles"] == ["Blok Talk"]


def test_work_without_iswc(post_json):
    data = create(post_json, "/api/works", {"title": "Untitled"})
    assert data["iswc"] is None


@pytest.mark.parametrize("iswc", [ISWC_BAD_CHECK, "T12345", "X0345246801"])
def test_bad_iswc_is_422_on_iswc(post_json, graph, iswc):
    data = assert_error(post_json("/api/works", {"title": "Bad", "iswc": iswc}), 422, field="iswc")
    assert "invalid ISWC" in data["errors"]["json"]["iswc"][0]
    records, _, _ = graph.execute_query("MATCH (w:Work) RETURN count(w) AS n")
    assert records[0]["n"] == 0


def test_work_without_title_is_422(post_json):
    assert_error(post_json("/api/works", {"iswc": ISWC_COMPACT}), 422, field="title")


def test_duplicate_iswc_is_409_with_the_existing_id(post_json):
    first = create(post_json, "/api/works", {"title": "One", "iswc": ISWC_DISPLAY})
    data = assert_error(post_json("/api/works", {"title": "Two", "iswc": ISWC_COMPACT}), 409)
    assert data["errors"]["existingId"] == first["workId"]


def test_viewer_cannot_create_a_work(post_json):
    assert_error(post_json("/api/works", {"title": "X"}, role="viewer"), 403)


# -- recordings ----------------------------------------------------------------------------

def test_create_recording_with_work_and_performers(post_json, make_participant):
    main = make_participant("Main")["participantId"]
    feat = make_participant("Feat")["participantId"]
    work = create(post_json, "/api/works", {"title": "Song"})["workId"]
    data = create(post_json, "/api/recordings", {
        "title": "Song", "isrc": "us-um7-18-04501", "version": "Radio Edit", "durationSeconds": 201,
        "workId": work, "performers": [{"participantId": main, "role": "primary"},
                                       {"participantId": feat, "role": "featured"}]})
    assert re.fullmatch(r"REC-\d{6}", data["recordingId"])
    assert (data["isrc"], data["workId"], data["version"], data["durationSeconds"]) == (
        "USUM71804501", work, "Radio Edit", 201)
    performers = sorted((p["participantId"], p["role"]) for p in data["performers"])
    assert performers == sorted([(main, "primary"), (feat, "featured")])


def test_ops_may_create_a_recording(post_json):
    resp = post_json("/api/recordings", {"title": "Ops made", "isrc": "GBAYE0000001"}, role="ops")
    assert resp.status_code == 201, body(resp)


@pytest.mark.parametrize("isrc", ["US-UM7-18", "1SUM71804501", "USUM7180450A"])
def test_bad_isrc_is_422_on_isrc(post_json, isrc):
    data = assert_error(post_json("/api/recordings", {"title": "Bad", "isrc": isrc}), 422, field="isrc")
    assert "invalid ISRC" in data["errors"]["json"]["isrc"][0]


def test_duplicate_isrc_is_409(post_json):
    first = create(post_json, "/api/recordings", {"title": "One", "isrc": "USUM71804501"})
    data = assert_error(post_json("/api/recordings", {"title": "Two", "isrc": "US-UM7-18-04501"}), 409)
    assert data["errors"]["existingId"] == first["recordingId"]


def test_unknown_work_is_422_naming_work_id(post_json, graph):
    data = assert_error(post_json("/api/recordings", {"title": "Orphan", "workId": "WRK-999999"}), 422,
                        field="workId")
    assert "WRK-999999" in data["message"]
    records, _, _ = graph.execute_query("MATCH (r:Recording) RETURN count(r) AS n")
    assert records[0]["n"] == 0


def test_unknown_performer_is_422_naming_performers(post_json):
    data = assert_error(post_json("/api/recordings", {
        "title": "Ghost", "performers": [{"participantId": "PART-999999"}]}), 422, field="performers")
    assert "PART-999999" in data["message"]


def test_bad_performer_role_is_422(post_json, make_participant):
    pid = make_participant("Main")["participantId"]
    assert_error(post_json("/api/recordings", {
        "title": "X", "performers": [{"participantId": pid, "role": "drummer"}]}), 422, field="performers")


# -- relations -----------------------------------------------------------------------------

@pytest.fixture
def work_and_owner(post_json, make_participant):
    return (create(post_json, "/api/works", {"title": "Song"})["workId"],
            make_participant("Writer", "writer")["participantId"])


def test_create_relation_then_identical_again_is_not_duplicated(post_json, graph, work_and_owner):
    work, owner = work_and_owner
    payload = relation_body(owner, work, "performance", "50.5", territories=["GH", "NG"], excluded=[])
    resp = post_json("/api/rights/relations", payload)
    data = body(resp)
    assert resp.status_code == 201, data
    assert data["created"] is True
    assert (data["participantId"], data["assetId"], data["rightType"]) == (owner, work, "performance")
    assert data["share"] == 50.5
    assert (data["territories"], data["validFrom"], data["validTo"]) == (["GH", "NG"], "2020-01-01", None)

    again = post_json("/api/rights/relations", payload)
    assert again.status_code in (200, 201), body(again)
    assert body(again)["created"] is False
    records, _, _ = graph.execute_query("MATCH ()-[o:OWNS]->() RETURN count(o) AS n")
    assert records[0]["n"] == 1


@pytest.mark.parametrize("share", [101, 0, -5, "12.34567"])
def test_bad_share_is_422_on_share(post_json, work_and_owner, share):
    work, owner = work_and_owner
    assert_error(post_json("/api/rights/relations", relation_body(owner, work, share=share)), 422, field="share")


def test_valid_to_before_valid_from_is_422(post_json, work_and_owner):
    work, owner = work_and_owner
    assert_error(post_json("/api/rights/relations", relation_body(
        owner, work, valid_from="2024-01-01", validTo="2023-01-01")), 422, field="validTo")


def test_unknown_territory_is_422(post_json, work_and_owner):
    work, owner = work_and_owner
    assert_error(post_json("/api/rights/relations", relation_body(owner, work, territories=["ZZ"])), 422,
                 field="territories")


def test_unknown_participant_is_422_naming_participant_id(post_json, graph, work_and_owner):
    work, _ = work_and_owner
    data = assert_error(post_json("/api/rights/relations", relation_body("PART-999999", work)), 422,
                        field="participantId")
    assert "PART-999999" in data["message"]
    records, _, _ = graph.execute_query("MATCH ()-[o:OWNS]->() RETURN count(o) AS n")
    assert records[0]["n"] == 0


def test_unknown_asset_is_422_naming_asset_id(post_json, work_and_owner):
    _, owner = work_and_owner
    assert_error(post_json("/api/rights/relations", relation_body(owner, "WRK-999999")), 422, field="assetId")


@pytest.mark.parametrize(("asset", "right_type"), [("work", "master"), ("work", "neighbouring"),
                                                   ("recording", "performance"), ("recording", "mechanical")])
def test_a_right_the_asset_cannot_carry_is_422_on_right_type(post_json, graph, make_participant, asset, right_type):
    owner = make_participant("Owner")["participantId"]
    asset_id = (create(post_json, "/api/works", {"title": "W"})["workId"] if asset == "work"
                else create(post_json, "/api/recordings", {"title": "R"})["recordingId"])
    assert_error(post_json("/api/rights/relations", relation_body(owner, asset_id, right_type)), 422,
                 field="rightType")
    records, _, _ = graph.execute_query("MATCH ()-[o:OWNS]->() RETURN count(o) AS n")
    assert records[0]["n"] == 0


# -- the rights graph ----------------------------------------------------------------------

@pytest.fixture
def sold_work(post_json, make_participant):
    """A work whose performance right was sold on 2024-07-01: the writer owns it 100 % until
    then (validTo exclusive), the buyer 50/50 with the writer's publisher from then on."""
    work = create(post_json, "/api/works", {"title": "Catalogue Song", "iswc": ISWC_COMPACT})["workId"]
    writer = make_participant("Writer", "writer")["participantId"]
    buyer = make_participant("Buyer", "publisher")["participantId"]
    publisher = make_participant("Publisher", "publisher")["participantId"]
    for payload in (relation_body(writer, work, share=100, validTo="2024-07-01"),
                    relation_body(buyer, work, share=50, valid_from="2024-07-01"),
                    relation_body(publisher, work, share=50, valid_from="2024-07-01")):
        assert body(post_json("/api/rights/relations", payload))["created"] is True
    return work, writer, buyer, publisher


def rights_graph(client, auth, entity_id: str, as_of: str | None = None):
    url = f"/api/rights/graph/{entity_id}" + (f"?asOf={as_of}" if as_of else "")
    resp = client.get(url, headers=auth("viewer"))
    assert resp.status_code == 200, body(resp)
    return body(resp)


def test_effective_splits_change_across_the_sale_date(client, auth, sold_work):
    work, writer, buyer, publisher = sold_work
    before = rights_graph(client, auth, work, "2024-06-30")
    after = rights_graph(client, auth, work, "2024-07-01")

    for view, as_of in ((before, "2024-06-30"), (after, "2024-07-01")):
        assert view["entityId"] == work
        assert view["asOf"] == as_of
        assert {n["id"] for n in view["nodes"]} >= {work, writer, buyer, publisher}
        owns = [e for e in view["edges"] if e["type"] == "OWNS"]
        assert len(owns) == 3  # history is kept, only `effective` changes
        assert all(e["to"] == work for e in owns)

    [split] = before["effectiveSplits"]
    assert (split["assetId"], split["rightType"]) == (work, "performance")
    assert [o["participantId"] for o in split["owners"]] == [writer]
    assert split["owners"][0]["validTo"] == "2024-07-01"
    assert isinstance(split["totalShare"], (int, float)) and split["totalShare"] == 100

    [split] = after["effectiveSplits"]
    assert sorted(o["participantId"] for o in split["owners"]) == sorted([buyer, publisher])
    assert [o["share"] for o in split["owners"]] == [50, 50]
    assert all(isinstance(o["share"], (int, float)) for o in split["owners"])
    assert isinstance(split["totalShare"], (int, float)) and split["totalShare"] == 100

    effective = {e["from"]: e["effective"] for e in after["edges"] if e["type"] == "OWNS"}
    assert effective == {writer: False, buyer: True, publisher: True}


def test_before_any_slice_there_is_no_effective_split(client, auth, sold_work):
    assert rights_graph(client, auth, sold_work[0], "2019-12-31")["effectiveSplits"] == []


def test_graph_of_a_participant_shows_what_it_owns(client, auth, sold_work):
    work, writer, _, _ = sold_work
    view = rights_graph(client, auth, writer, "2024-01-01")
    assert {n["id"] for n in view["nodes"]} >= {writer, work}
    assert [s["owners"][0]["participantId"] for s in view["effectiveSplits"]] == [writer]


def test_graph_of_an_unknown_entity_is_404(client, auth):
    data = assert_error(client.get("/api/rights/graph/WRK-999999", headers=auth("viewer")), 404)
    assert "WRK-999999" in data["message"]


def test_graph_with_a_bad_as_of_is_422(client, auth, sold_work):
    assert_error(client.get(f"/api/rights/graph/{sold_work[0]}?asOf=yesterday", headers=auth("viewer")), 422,
                 field="asOf", location="query")
