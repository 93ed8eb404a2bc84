"""GET /api/rights/graph/{entityId}?territory= and GET /api/rights/history/{entityId} over HTTP:
the territory-resolved split table, the history's order, pagination, and the error bodies."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from app.services.users import create_user
from tests.api.helpers import PASSWORD, assert_error, bearer, body, relation_body, token


@pytest.fixture
def sold_master(post_json, make_participant) -> SimpleNamespace:
    """A recording whose master was sold on 2024-07-01 outside Ghana (artist 100 % until then;
    label 60 % / artist 40 % after), a Ghanaian label owning it in Ghana throughout."""
    artist = make_participant("Artist")["participantId"]
    label = make_participant("Label", "label")["participantId"]
    local = make_participant("Local Label", "label", country="GH")["participantId"]
    resp = post_json("/api/recordings", {"title": "Song", "isrc": "GHA0C2400001"})
    assert resp.status_code == 201, body(resp)
    rec = body(resp)["recordingId"]
    for payload in (relation_body(artist, rec, "master", 100, excluded=["GH"], validTo="2024-07-01"),
                    relation_body(label, rec, "master", 60, valid_from="2024-07-01", excluded=["GH"]),
                    relation_body(artist, rec, "master", 40, valid_from="2024-07-01", excluded=["GH"]),
                    relation_body(local, rec, "master", 100, territories=["GH"])):
        resp = post_json("/api/rights/relations", payload)
        assert resp.status_code == 201, body(resp)
    return SimpleNamespace(artist=artist, label=label, local=local, recording=rec)


def get(client, auth, url: str):
    resp = client.get(url, headers=auth("viewer"))
    assert resp.status_code == 200, body(resp)
    return resp


def test_split_table_resolved_for_a_country(client, auth, sold_master):
    view = body(get(client, auth, f"/api/rights/graph/{sold_master.recording}?asOf=2024-07-01&territory=us"))
    assert view["territory"] == "US"
    [row] = view["effectiveSplits"]
    assert (row["assetId"], row["rightType"], row["territory"], row["totalShare"]) == (
        sold_master.recording, "master", "US", 100)
    assert [(o["participantId"], o["share"]) for o in row["owners"]] == sorted(
        [(sold_master.artist, 40), (sold_master.label, 60)])
    owns = {e["id"]: e for e in view["edges"] if e["type"] == "OWNS"}
    assert {o["edgeId"] for o in row["owners"]} == {i for i, e in owns.items() if e["effective"]}
    assert len(owns) == 4 and all(e["to"] == sold_master.recording for e in owns.values())

    ghana = body(get(client, auth, f"/api/rights/graph/{sold_master.recording}?asOf=2024-07-01&territory=GH"))
    assert [(o["participantId"], o["share"]) for o in ghana["effectiveSplits"][0]["owners"]] == [(sold_master.local, 100)]


def test_split_table_without_territory_has_one_row_per_scope(client, auth, sold_master):
    view = body(get(client, auth, f"/api/rights/graph/{sold_master.recording}?asOf=2024-06-30"))
    assert view["territory"] is None
    assert [(r["territories"], r["excluded"], r["totalShare"], [o["participantId"] for o in r["owners"]])
            for r in view["effectiveSplits"]] == [(["GH"], [], 100, [sold_master.local]),
                                                   (["WORLD"], ["GH"], 100, [sold_master.artist])]


@pytest.mark.parametrize("territory", ["ZZ", "2EU", "WORLD"])
def test_territory_must_be_a_country(client, auth, sold_master, territory):
    assert_error(client.get(f"/api/rights/graph/{sold_master.recording}?territory={territory}", headers=auth("viewer")),
                 422, field="territory", location="query")


def test_history_newest_first_with_pagination(client, auth, sold_master):
    resp = get(client, auth, f"/api/rights/history/{sold_master.recording}?pageSize=50")
    events = body(resp)
    # 4 slices opened, 1 closed; 4 relations and the recording's creation audited
    assert resp.headers["X-Total-Count"] == "10" and len(events) == 10
    assert [e["kind"] for e in events] == ["audit"] * 5 + ["opened", "opened", "closed", "opened", "opened"]
    assert [e["date"] for e in events[5:]] == ["2024-07-01"] * 3 + ["2020-01-01"] * 2
    assert [e["at"] for e in events] == sorted((e["at"] for e in events), reverse=True)
    assert events[7]["edge"]["from"] == sold_master.artist and events[7]["edge"]["validTo"] == "2024-07-01"
    assert {e["edge"]["share"] for e in events[5:7]} == {40, 60}
    assert {e["audit"]["action"] for e in events[:5]} == {"recording.create", "rights.relation.create"}

    page = get(client, auth, f"/api/rights/history/{sold_master.recording}?page=2&pageSize=4")
    assert page.headers["X-Total-Count"] == "10"
    assert body(page) == events[4:8]


def test_history_errors(client, auth, sold_master, artist):
    assert_error(client.get("/api/rights/history/REC-999999", headers=auth("viewer")), 404)
    assert_error(client.get(f"/api/rights/history/{sold_master.recording}?pageSize=0", headers=auth("viewer")), 422,
                 field="pageSize", location="query")
    assert_error(client.get(f"/api/rights/history/{sold_master.recording}", headers=artist.headers), 403)


def test_openapi_lists_the_new_paths(client):
    paths = body(client.get("/api/openapi.json"))["paths"]
    assert {"/api/rights/history/{entity_id}", "/api/registrations/pro", "/api/registrations/soundexchange",
            "/api/registrations/status"} <= set(paths)
    params = {p["name"] for p in paths["/api/rights/graph/{entity_id}"]["get"]["parameters"]}
    assert {"asOf", "territory"} <= params


def test_a_participant_token_cannot_read_the_rights_graph(client, sold_master):
    create_user("the-artist", PASSWORD, "participant", sold_master.artist)
    assert_error(client.get(f"/api/rights/graph/{sold_master.recording}",
                            headers=bearer(token(client, "the-artist"))), 403)
